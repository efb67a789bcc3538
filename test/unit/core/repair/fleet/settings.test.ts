// The trust plan's rows made portable (issue 18): each client's row becomes the setting it needs on a
// fleet machine, whatever its status was on the machine that planned it; skipped clients stay out;
// an unknown client is refused by name; and no generated artifact may turn verification off.
import { describe, expect, it } from 'vitest';
import { ansibleGenerator } from '../../../../../src-main/core/repair/fleet/ansible.ts';
import { checkArtifacts, fleetSettings } from '../../../../../src-main/core/repair/fleet/settings.ts';
import type { FleetPlan } from '../../../../../src-main/core/repair/fleet/types.ts';
import { Problem } from '../../../../../src-main/core/messages.ts';
import type { TrustClientRow } from '../../../../../src-main/core/repair/trustRoot/planTrust.ts';

const row = (client: string, status: TrustClientRow['status'], python?: string): TrustClientRow => ({
  key: python ? `${python}|${client}` : `tool|${client}|/usr/bin/${client}`,
  client,
  executable: python ?? `/usr/bin/${client}`,
  ...(python ? { python } : {}),
  status,
  actions: [],
  offered: [],
  reasons: [],
});

const SHA = 'ab'.repeat(32);
const planWith = (settings: FleetPlan['settings']): FleetPlan => ({
  root: {
    name: 'Corp Root',
    sha256: SHA,
    pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    fileName: `trustfix-${SHA.slice(0, 16)}.crt`,
  },
  os: 'linux',
  settings,
  trustfixVersion: '9.9.9',
  generatedAt: '2026-12-04T00:00:00.000Z',
});

describe('fleetSettings: a trust plan row -> a portable setting', () => {
  const rows = [
    row('urllib', 'planned', '/py/a'),
    row('requests', 'already', '/py/a'),
    row('pip', 'no-setting', '/py/a'),
    row('urllib', 'planned', '/py/b'),
    row('pip', 'planned', '/py/b'),
    row('curl', 'planned'),
    row('git', 'needs-os-store'),
    row('node', 'planned'),
    row('npm', 'overridden'),
    row('uv', 'planned'),
    row('conda', 'refused'),
    row('aws', 'skipped'),
  ];

  it('Linux: the OS store first; bundle readers need nothing; pip.conf cert, not PIP_CERT; node the root file; one setting per client; skipped left out', () => {
    const s = fleetSettings(rows, 'linux');
    expect(s.map((x) => [x.client, x.kind, x.key, x.value, x.file])).toEqual([
      ['os-store', 'os-store', undefined, undefined, undefined],
      ['urllib', 'os-store', undefined, undefined, undefined],
      ['requests', 'env', 'REQUESTS_CA_BUNDLE', 'system-bundle', undefined],
      ['pip', 'ini', 'global.cert', 'system-bundle', '~/.config/pip/pip.conf'],
      ['curl', 'os-store', undefined, undefined, undefined],
      ['git', 'os-store', undefined, undefined, undefined],
      ['node', 'env', 'NODE_EXTRA_CA_CERTS', 'root-file', undefined],
      ['npm', 'env', 'NODE_EXTRA_CA_CERTS', 'root-file', undefined],
      ['uv', 'toml', 'system-certs', 'true', '~/.config/uv/uv.toml'],
      ['conda', 'yaml', 'ssl_verify', 'system-bundle', '~/.condarc'],
    ]);
    for (const x of s) expect(x.why).toMatch(/^fleet:why\./);
  });

  it('Windows: git by schannel, pip and conda by the OS store', () => {
    const s = Object.fromEntries(
      fleetSettings(rows, 'windows').map((x) => [x.client, `${x.kind}:${x.key ?? ''}=${x.value ?? ''}`]),
    );
    expect(s).toMatchObject({
      git: 'git-config:http.sslBackend=schannel',
      pip: 'os-store:=',
      conda: 'yaml:ssl_verify=truststore',
    });
  });

  it('refuses a client it has no setting for, by name', () => {
    expect(() => fleetSettings([row('wget', 'planned')], 'linux')).toThrow(Problem);
  });
});

describe('the forbidden-settings guard on generated artifacts', () => {
  const role = ansibleGenerator(
    planWith(fleetSettings([row('pip', 'planned', '/py'), row('node', 'planned')], 'linux')),
  );

  it('passes the role as generated', () => {
    expect(() => checkArtifacts(role)).not.toThrow();
  });

  it('rejects a role with validate_certs: false, and a git sslVerify false', () => {
    const tampered = (extra: string) =>
      role.map((a) => (a.path.endsWith('tasks/main.yml') ? { ...a, content: `${a.content}\n${extra}\n` } : a));
    expect(() => checkArtifacts(tampered('- ansible.builtin.shell: git config --global http.sslVerify false'))).toThrow(
      Problem,
    );
    expect(() =>
      checkArtifacts(
        tampered('- ansible.builtin.get_url:\n    url: https://x\n    dest: /tmp/x\n    validate_certs: false'),
      ),
    ).toThrow(Problem);
    expect(() =>
      checkArtifacts(
        tampered('- ansible.builtin.command:\n    argv: [git, config, --global, http.sslVerify, "false"]'),
      ),
    ).toThrow(Problem);
    const refusal = (() => {
      try {
        checkArtifacts(tampered('    validate_certs: no'));
      } catch (error) {
        return (error as Problem).problem;
      }
      return null;
    })();
    expect(refusal).toEqual({
      code: 'fleet:refused.wouldWeaken',
      params: { setting: 'validate_certs: false', path: 'roles/trustfix_ca/tasks/main.yml' },
    });
  });
});
