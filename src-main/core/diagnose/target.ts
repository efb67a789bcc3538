// What the user pasted, as host + port: "host", "host:port", "[::1]:8443", "https://host[:port]/path".
import { msg, type Message } from '../messages.ts';

export interface Target {
  host: string;
  port: number;
  /** The https URL the Python clients are asked to fetch. */
  url: string;
}

export type TargetResult = { ok: true; target: Target } | { ok: false; problem: Message };

export function parseTarget(input: string): TargetResult {
  const raw = input.trim();
  if (!raw) return { ok: false, problem: msg('check:target.empty') };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: msg('check:target.invalid', { input: raw }) };
  }
  if (url.protocol !== 'https:')
    return { ok: false, problem: msg('check:target.notHttps', { input: raw, scheme: url.protocol.replace(':', '') }) };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return { ok: false, problem: msg('check:target.invalid', { input: raw }) };
  const port = url.port ? Number(url.port) : 443;
  return { ok: true, target: { host, port, url: `https://${url.host}${url.pathname}${url.search}` } };
}

/** host:port as a proxy CONNECT line and people write it (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
