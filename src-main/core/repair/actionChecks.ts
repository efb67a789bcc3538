// The read-backs of an action (safety rule 3, docs/safety-rules.md): after `point`, the variable read back from where it was
// set; after `use-os-store`, the interpreter asked whether truststore is active; after `os-store`, the
// store read back and the certificate found in it (after a refresh: the vendor's list, and each of its
// roots in the store). Each check returns a problem or null.
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { splitBundle } from '../certs/pem.ts';
import { MAX_BUNDLE_BYTES } from '../certs/readBundle.ts';
import { readRegularFile } from '../certs/regularFile.ts';
import { sha256Hex } from '../certs/record.ts';
import { msg, type Message } from '../messages.ts';
import { decodeValue } from '../platform/readBack.ts';
import { parseSerializedStore, thumbprintLines } from '../platform/winSst.ts';
import type { ActionCheck, ActionRecord } from './action.ts';

async function runCheck(check: ActionCheck): Promise<Message | null> {
  if (check.kind === 'file-has-certificate') {
    // Read as any other file TrustFix did not write just now: a regular file only, never waited on.
    const read = await readRegularFile(check.path, { maxBytes: MAX_BUNDLE_BYTES });
    if (!read.ok) return msg('repair:verify.readBackMissingFile', { path: check.path });
    const found = splitBundle(read.bytes).ders.some((d) => sha256Hex(d) === check.fingerprint);
    return found
      ? null
      : msg('repair:verify.readBackNoCertificate', { path: check.path, fingerprint: check.fingerprint });
  }
  if (check.kind === 'serialized-store-imported') return importedCheck(check);
  const run = await execa(check.run.file, check.run.args, {
    reject: false,
    timeout: 60_000,
    stdin: 'ignore',
    ...(check.env ? { env: check.env } : {}),
  });
  const stdout = String(run.stdout ?? '');
  if (check.kind === 'command-value' && check.variable) return variableCheck(check, run, stdout);
  if (!run.failed && check.kind === 'command-output' && stdout.includes(check.expect)) return null;
  if (!run.failed && check.kind === 'command-value' && decodeValue(stdout, check.decode) === check.expect) return null;
  // What the read-back saw, as a value where it prints one (a base64 line says nothing to people).
  const seen = check.kind === 'command-value' ? (decodeValue(stdout, check.decode) ?? stdout) : stdout;
  const said = run.failed ? `${run.shortMessage}\n${String(run.stderr ?? '')}` : seen;
  return msg('repair:verify.readBackFailed', {
    command: [check.run.file, ...check.run.args].join(' '),
    expected: check.expect,
    output: said.trim().slice(-1000),
  });
}

/** Reading back a store refresh's list, and the store, takes a while on a busy machine. */
const LIST_TIMEOUT_MS = 60_000;

/**
 * A store refreshed from the vendor's list (Windows Update's roots.sst), read back: the tool that
 * writes the list and the one that imports it can both exit 0 and do nothing (Wine's stubs, a machine
 * cut off from Windows Update), so "done" needs the list itself and each of its roots in the store.
 */
async function importedCheck(
  check: Extract<ActionCheck, { kind: 'serialized-store-imported' }>,
): Promise<Message | null> {
  const read = await readRegularFile(check.file, { maxBytes: MAX_BUNDLE_BYTES });
  if (!read.ok) return msg('repair:verify.refreshNoList', { path: check.file, store: check.store });
  const ders = parseSerializedStore(read.bytes);
  if (!ders)
    return msg('repair:verify.refreshBadList', { path: check.file, store: check.store, size: read.bytes.length });
  const run = await execa(check.list.file, check.list.args, {
    reject: false,
    timeout: LIST_TIMEOUT_MS,
    stdin: 'ignore',
  });
  const command = [check.list.file, ...check.list.args].join(' ');
  if (run.failed)
    return msg('repair:verify.refreshStoreUnread', {
      store: check.store,
      command,
      output: `${run.shortMessage}\n${String(run.stderr ?? '')}`.trim().slice(-1000),
    });
  const inStore = thumbprintLines(String(run.stdout ?? ''));
  const listed = [...new Set(ders.map((d) => createHash('sha1').update(d).digest('hex').toUpperCase()))];
  const missing = listed.filter((t) => !inStore.has(t));
  if (missing.length === 0) return null;
  return msg('repair:verify.refreshNotImported', {
    missing: missing.length,
    count: listed.length,
    path: check.file,
    store: check.store,
    thumbprints: missing.slice(0, 5).join(', '),
  });
}

/**
 * A variable TrustFix set, read back: the OS command that set it may exit 0 and change nothing (Wine's
 * powershell.exe; a PowerShell blocked by policy), so "done" needs the value itself. `reg query`
 * exits 1 when the value is not there: the variable is not set. What was seen is said in words.
 */
function variableCheck(
  check: Extract<ActionCheck, { kind: 'command-value' }>,
  run: { failed: boolean; exitCode?: number | undefined; stderr?: unknown; shortMessage?: string },
  stdout: string,
): Message | null {
  const unset = check.decode === 'reg' && run.exitCode === 1;
  const value = unset ? '' : run.failed ? null : decodeValue(stdout, check.decode);
  if (value === check.expect) return null;
  const command = [check.run.file, ...check.run.args].join(' ');
  const params = { variable: check.variable!, expected: check.expect, command };
  if (value === '') return msg('repair:verify.variableNotSet', params);
  const seen = value ?? `${run.shortMessage ?? ''}\n${String(run.stderr ?? '')}\n${stdout}`.trim();
  return msg('repair:verify.variableUnchanged', { ...params, seen: seen.slice(-1000) });
}

/** Runs every check of the action; the first problem, or null when all pass. */
export async function checkAction(action: ActionRecord): Promise<Message | null> {
  for (const check of action.checks ?? []) {
    const problem = await runCheck(check);
    if (problem) return problem;
  }
  return null;
}
