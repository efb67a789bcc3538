// What put a client's trust source in force (ClientTrust.steeredBy, see clients.ts), as sentences a
// person reads instead of TrustFix's internal codes ("pip-certifi", "pip>=24.2",
// "truststore+REQUESTS_CA_BUNDLE", "pip.conf:/etc/pip.conf"). A combined code ("a+b": truststore plus
// a file loaded into its context) becomes two sentences. Used by the app's Pythons screen.
import { msg, type Message } from '../messages.ts';

/** Codes that are a fixed mechanism, each with its own sentence (pythons:steer.<code>). */
export const STEER_CODES = [
  'default',
  'openssl-default',
  'trustfix-urllib-ca.pth',
  'windows-stores',
  'certifi',
  'requests',
  'pip-system-certs',
  'truststore',
  'pip>=24.2',
  'use-feature=truststore',
  'pip-certifi',
] as const;

/** The codes that start a combination: truststore modes that load an override file as well. */
const COMBINING = ['truststore', 'pip>=24.2', 'use-feature=truststore'];

/** An environment variable's name (SSL_CERT_FILE, a distribution's own OpenSSL variable, PIP_CERT). */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

function one(code: string): Message {
  if ((STEER_CODES as readonly string[]).includes(code)) return msg(`pythons:steer.${code}`);
  if (code.startsWith('pip.conf:')) return msg('pythons:steer.pipConf', { file: code.slice('pip.conf:'.length) });
  if (ENV_NAME.test(code)) return msg('pythons:steer.envVar', { variable: code });
  return msg('pythons:steer.other', { code });
}

export function steerWords(code: string): Message[] {
  if (!code) return [];
  for (const first of COMBINING)
    if (code.startsWith(`${first}+`)) return [one(first), one(code.slice(first.length + 1))];
  return [one(code)];
}
