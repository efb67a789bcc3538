// What `trust ROOT` never writes, runs or suggests (DESIGN.md "Never offered"): settings and
// flags that turn verification off instead of trusting a root. Checked on every plan before it is shown
// (the lines a settings file gains, every command and its environment, every message's parameters),
// and by test/unit/core/repair/trustRoot/planTrust.test.ts and test/integration/cli/commands/trust.test.ts on everything written.
import { msg, Problem } from '../../messages.ts';
import type { Plan } from '../action.ts';

// A deny-list, not a use: these patterns are matched against what a plan would write so that it is
// refused. Nothing here turns verification off; no TLS connection is made in this file.
export const FORBIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/--trusted-host/i, '--trusted-host'],
  [/--allow-insecure-host|allow-insecure-host\s*=/i, '--allow-insecure-host'],
  [/verify\s*=\s*False/, 'verify=False'], // deny-list pattern: a plan containing it is refused
  [/NODE_TLS_REJECT_UNAUTHORIZED/, 'NODE_TLS_REJECT_UNAUTHORIZED=0'], // deny-list pattern: a plan containing it is refused
  [/ssl_verify\s*:\s*["']?(false|no|off|0)\b/i, 'ssl_verify: false'],
  // Also as a YAML/JSON list item (`argv: [git, config, http.sslVerify, "false"]`) or key.
  [/sslVerify["']?\s*[=,:]?\s*["']?(false|no|off|0)\b/i, 'http.sslVerify false'],
  [/^\s*-{0,2}insecure\b|^\s*-k\b/m, 'curl --insecure'],
  [/strict-ssl\s*=\s*["']?false/i, 'npm strict-ssl=false'],
  [/PYTHONHTTPSVERIFY\s*=\s*["']?0/, 'PYTHONHTTPSVERIFY=0'],
  [/validate_certs\s*[:=]\s*["']?(false|no|off|0)\b/i, 'validate_certs: false'], // Ansible's modules
  [/-SkipCertificateCheck\b/i, '-SkipCertificateCheck'], // PowerShell's web cmdlets
  [/_create_unverified_context/, 'ssl._create_unverified_context'], // deny-list pattern: a plan containing it is refused
];

/** The first forbidden thing in `text`, by name, or null. */
export function forbiddenIn(text: string): string | null {
  for (const [re, name] of FORBIDDEN) if (re.test(text)) return name;
  return null;
}

function refuseFor(name: string): never {
  throw new Problem(msg('trust:refused.wouldWeaken', { setting: name }));
}

/** The lines a settings file gains (the user's own lines are theirs, whatever they say). */
export function checkAddedLines(before: string, after: string): void {
  const old = new Set(before.split(/\r?\n/));
  const added = after
    .split(/\r?\n/)
    .filter((l) => !old.has(l))
    .join('\n');
  const found = forbiddenIn(added);
  if (found) refuseFor(found);
}

/** Every command, environment value and message parameter of the plan. */
export function checkPlan(plan: Plan): void {
  for (const a of [...plan.actions, ...(plan.offered ?? [])]) {
    const texts: string[] = [JSON.stringify(a.what), JSON.stringify(a.why), JSON.stringify(a.notes)];
    for (const c of a.changes) if (c.type === 'command') texts.push(JSON.stringify([c.run, c.undo, c.env ?? {}]));
    for (const k of a.checks ?? []) texts.push(JSON.stringify(k));
    const found = forbiddenIn(texts.join('\n'));
    if (found) refuseFor(found);
  }
}
