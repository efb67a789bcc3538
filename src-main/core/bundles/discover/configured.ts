// CA files that the environment and the tools' configuration point at: these are in force for some
// client, so they are always judged. Read, never changed.
//  - SSL_CERT_FILE (OpenSSL, Python's ssl), REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE (requests),
//    PIP_CERT (pip), GIT_SSL_CAINFO (git), NODE_EXTRA_CA_CERTS (Node), AWS_CA_BUNDLE (botocore),
//    HTTPLIB2_CA_CERTS (httplib2).
//  - pip's `cert` in its config files: https://pip.pypa.io/en/stable/topics/configuration/
//  - npm's `cafile`: https://docs.npmjs.com/cli/v10/using-npm/config#cafile
//  - git's `http.sslCAInfo`: https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpsslCAInfo
//  - conda's `ssl_verify` when it is a path: https://docs.conda.io/projects/conda/en/latest/user-guide/configuration/settings.html
//  - the AWS CLI's `ca_bundle`: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
import { isAbsolute, join } from 'node:path';
import { readRegularText } from '../../certs/regularFile.ts';
import { platformFor } from '../../platform/index.ts';
import type { Platform, PlatformId, ToolConfigFile } from '../../platform/types.ts';

export const CA_ENV_VARS = [
  'SSL_CERT_FILE',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'PIP_CERT',
  'GIT_SSL_CAINFO',
  'NODE_EXTRA_CA_CERTS',
  'AWS_CA_BUNDLE',
  'HTTPLIB2_CA_CERTS',
] as const;

export interface ConfiguredFile {
  path: string;
  /** What names it: "SSL_CERT_FILE", "pip.conf:/etc/pip.conf", "npmrc:~/.npmrc", ... */
  by: string;
}

type ConfigSource = ToolConfigFile;

/** The config files each tool reads on this OS (the documented locations, system then user). */
export function configFiles(platform: Platform, home: string, env: Record<string, string | undefined>): ConfigSource[] {
  const out: ConfigSource[] = platform.configs.toolConfigFiles(env, home);
  const add = (kind: ConfigSource['kind'], file: string | undefined): void => {
    if (file) out.push({ kind, file });
  };
  add('pip', env.PIP_CONFIG_FILE);
  add('gitconfig', join(home, '.gitconfig'));
  add('npmrc', env.NPM_CONFIG_USERCONFIG ?? join(home, '.npmrc'));
  add('condarc', join(home, '.condarc'));
  add('condarc', env.CONDARC);
  add('aws', env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'));
  return out;
}

/** Values of `key` in INI-style text, in any section whose name matches (pip, git, aws, npmrc). */
export function iniValues(text: string, key: string, section?: (name: string) => boolean): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([^\]]*)\]$/.exec(line);
    if (head) {
      current = head[1]!.trim();
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv || kv[1]!.toLowerCase() !== key.toLowerCase()) continue;
    if (section && !section(current)) continue;
    out.push(unquote(kv[2]!.trim()));
  }
  return out;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2]! : value;
}

function valuesIn(kind: ConfigSource['kind'], text: string): string[] {
  switch (kind) {
    case 'pip':
      return iniValues(text, 'cert', (s) =>
        ['global', 'install', 'download', 'index', 'search'].includes(s.toLowerCase()),
      );
    case 'npmrc':
      return iniValues(text, 'cafile');
    case 'gitconfig':
      return iniValues(text, 'sslCAInfo', (s) => /^http(\s+".*")?$/i.test(s));
    case 'aws':
      return iniValues(text, 'ca_bundle');
    case 'condarc': {
      // YAML, one line: `ssl_verify: /path/to/ca.pem` (true/false/truststore are not files).
      const v = iniValues(text.replace(/^\s*ssl_verify\s*:/m, 'ssl_verify='), 'ssl_verify');
      return v.filter((x) => !/^(true|false|truststore)$/i.test(x));
    }
  }
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') || path.startsWith('~\\') ? join(home, path.slice(1)) : path;
}

export async function configuredFiles(
  os: PlatformId,
  home: string,
  env: Record<string, string | undefined>,
): Promise<ConfiguredFile[]> {
  const out: ConfiguredFile[] = [];
  for (const name of CA_ENV_VARS) {
    const value = env[name];
    if (value) out.push({ path: expandHome(value, home), by: name });
  }
  const seen = new Set<string>();
  for (const source of configFiles(platformFor(os), home, env)) {
    if (seen.has(source.file)) continue;
    seen.add(source.file);
    // A FIFO or a device named like pip.conf is skipped, not waited on (certs/regularFile.ts).
    const text = await readRegularText(source.file);
    if (text === undefined) continue;
    for (const value of valuesIn(source.kind, text)) {
      const path = expandHome(value, home);
      if (isAbsolute(path)) out.push({ path, by: `${source.kind}:${source.file}` });
    }
  }
  return out;
}
