// append, refresh and export as plans: each reads what is there now, computes the exact new bytes,
// and says what it will do, why, and how it is undone. Nothing is written here.
import { X509Certificate } from 'node:crypto';
import { derToPem } from '../certs/certIndex.ts';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import { judgeBundle } from '../bundles/judge.ts';
import { msg, type Message } from '../messages.ts';
import type { ActionRecord } from './action.ts';
import { appendBlocks, markedBlock, markedFingerprints } from './bundleText.ts';
import { identify, refuse } from './pathGuard.ts';
import { elevationFor, fileChange, type PlanContext } from './planContext.ts';

export interface CertInput {
  der: Buffer;
  /** Where it came from, for the marked block and the plan: "os-store", "chain of host:443", a file. */
  from: string;
}

/** Parses and checks a certificate offered for trust: it must be a CA. */
export function checkCa(der: Buffer, from: string): X509Certificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    refuse('notACertificate', { from });
  }
  if (!x509.ca) refuse('notCa', { name: x509.subject.replace(/\n/g, ', '), fingerprint: sha256Hex(der), from });
  return x509;
}

/**
 * The marked blocks for the certificates not yet in `present` (each checked to be a CA); `present` is
 * extended, and a certificate already there becomes a note. `why` says, per certificate, why it is added.
 */
export function newBlocks(
  pc: PlanContext,
  certs: CertInput[],
  present: Set<string>,
  notes: Message[],
  why: (from: string) => string,
): { blocks: string[]; names: string[] } {
  const blocks: string[] = [];
  const names: string[] = [];
  for (const cert of certs) {
    const x509 = checkCa(cert.der, cert.from);
    const fp = sha256Hex(cert.der);
    const name = pc.ctx.index.add(cert.der) ? pc.ctx.index.record(fp).name : x509.subject;
    if (present.has(fp)) {
      notes.push(msg('repair:note.alreadyThere', { name, fingerprint: fp }));
      continue;
    }
    present.add(fp);
    names.push(name);
    blocks.push(markedBlock(cert.der, pc.ctx.index, { who: pc.who, when: pc.now.toISOString(), why: why(cert.from) }));
  }
  return { blocks, names };
}

async function readBundleForChange(
  pc: PlanContext,
  path: string,
): Promise<{ bytes: Buffer; fingerprints: string[]; damaged: number }> {
  const current = await identify(path);
  if (!current) refuse('vanished', { path });
  const parsed = pc.ctx.reader.parse(current.bytes);
  if (parsed.format !== 'pem' || parsed.fingerprints.length === 0) refuse('notABundle', { path });
  // OpenSSL refuses a whole CA file when one certificate block in it is cut short or not base64
  // ("[X509] PEM lib"), so Python cannot load it even after an append: the plan says so.
  const damaged = (parsed.skipped['truncated-block'] ?? 0) + (parsed.skipped['bad-base64'] ?? 0);
  return { bytes: current.bytes, fingerprints: parsed.fingerprints, damaged };
}

export async function planAppend(
  pc: PlanContext,
  bundlePath: string,
  certs: CertInput[],
  why: Message,
  id = 'a1',
): Promise<ActionRecord | null> {
  const { bytes, fingerprints, damaged } = await readBundleForChange(pc, bundlePath);
  const present = new Set(fingerprints);
  const notes: Message[] = damaged > 0 ? [msg('repair:note.damagedBlocks', { path: bundlePath, count: damaged })] : [];
  const { blocks, names: added } = newBlocks(pc, certs, present, notes, (from) => from);
  if (blocks.length === 0) return null;
  const content = appendBlocks(bytes, blocks);
  const what = msg('repair:what.append', { count: blocks.length, names: added.join(', '), path: bundlePath });
  return bundleRewrite(pc, {
    id,
    kind: 'append',
    bundlePath,
    basis: bytes,
    content,
    fingerprints: [...present],
    what,
    why,
    notes,
  });
}

/** The record for rewriting one bundle found by the scan (append and refresh alike): the exact new
 * bytes, what they must parse to, elevation when this user cannot write there, undo by restoring bytes. */
async function bundleRewrite(
  pc: PlanContext,
  r: {
    id: string;
    kind: 'append' | 'refresh';
    bundlePath: string;
    basis: Buffer;
    content: Buffer;
    fingerprints: string[];
    what: Message;
    why: Message;
    notes: Message[];
  },
): Promise<ActionRecord> {
  const { change } = await fileChange(
    pc,
    r.bundlePath,
    r.content,
    'finding',
    { kind: 'bundle', fingerprints: r.fingerprints },
    r.basis,
  );
  // Safety rule 7 (docs/safety-rules.md): a file the distribution rebuilds is never edited in place; its next refresh would
  // silently erase the change. Roots go through its anchor folder (os-store) instead.
  const generated = pc.ctx.platform.generatedBundle(change.realPath);
  if (generated)
    refuse('generatedBundle', { path: r.bundlePath, command: generated.refreshedBy, anchorDir: generated.anchorDir });
  return {
    id: r.id,
    kind: r.kind,
    what: r.what,
    where: r.bundlePath,
    why: r.why,
    elevation: await elevationFor(r.bundlePath),
    undo: msg('repair:undo.restoreBytes', { path: r.bundlePath }),
    notes: r.notes,
    changes: [change],
  };
}

export type RefreshSource =
  | { kind: 'reference' }
  | { kind: 'os-store'; ders: Buffer[]; label: string }
  /** A Mozilla bundle the user downloaded, checked against its published SHA-256. */
  | { kind: 'file'; path: string; sha256: string };

async function sourceBytes(pc: PlanContext, source: RefreshSource): Promise<{ text: Buffer; label: string }> {
  if (source.kind === 'reference') {
    const pems = [...pc.ctx.reference.fingerprints].map(
      (fp) => `# ${pc.ctx.index.record(fp).name}\n${derToPem(pc.ctx.index.get(fp)!.der)}`,
    );
    // The built-in list is named by its runtime, not in English prose: the label goes into a Message
    // parameter that the app and the CLI show in either language.
    const info = pc.ctx.reference.info;
    return {
      text: Buffer.from(pems.join('\n')),
      label: info.origin === 'builtin' ? `Mozilla (Node.js ${process.versions.node})` : info.label,
    };
  }
  if (source.kind === 'os-store') {
    return { text: Buffer.from(source.ders.map((d) => derToPem(d)).join('\n')), label: source.label };
  }
  const got = await identify(source.path);
  if (!got) refuse('vanished', { path: source.path });
  const want = source.sha256.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (got.identity.sha256 !== want)
    refuse('sha256Mismatch', { path: source.path, expected: want, actual: got.identity.sha256 });
  if (splitBundle(got.bytes).ders.length === 0) refuse('notABundle', { path: source.path });
  return { text: got.bytes, label: source.path };
}

export async function planRefresh(
  pc: PlanContext,
  bundlePath: string,
  source: RefreshSource,
  why: Message,
  id = 'a1',
): Promise<ActionRecord | null> {
  const { bytes, fingerprints } = await readBundleForChange(pc, bundlePath);
  const { text, label } = await sourceBytes(pc, source);
  const sourceFps = pc.ctx.reader.parse(text).fingerprints;
  const inSource = new Set(sourceFps);
  // Keep what somebody added on purpose: TrustFix's marked blocks, and certificates in no Mozilla list.
  const judged = judgeBundle(pc.ctx.reader.parse(bytes), pc.ctx.index, pc.ctx.reference, pc.ctx.at);
  const extras = new Set([...markedFingerprints(bytes), ...judged.details.extra.map((e) => e.fingerprint)]);
  const keep = fingerprints.filter((fp) => extras.has(fp) && !inSource.has(fp));
  const blocks = keep.map((fp) =>
    markedBlock(pc.ctx.index.get(fp)!.der, pc.ctx.index, {
      who: pc.who,
      when: pc.now.toISOString(),
      why: `kept by refresh from ${bundlePath}`,
    }),
  );
  const content = appendBlocks(text, blocks);
  if (content.equals(bytes)) return null;
  const notes: Message[] = keep.map((fp) =>
    msg('repair:note.kept', { name: pc.ctx.index.record(fp).name, fingerprint: fp }),
  );
  // "keeping 0 added by somebody" read as if something were kept: say plainly there was nothing.
  const what = msg(keep.length === 0 ? 'repair:what.refreshKeepNone' : 'repair:what.refresh', {
    path: bundlePath,
    source: label,
    count: sourceFps.length,
    kept: keep.length,
  });
  return bundleRewrite(pc, {
    id,
    kind: 'refresh',
    bundlePath,
    basis: bytes,
    content,
    fingerprints: [...new Set([...sourceFps, ...keep])],
    what,
    why,
    notes,
  });
}

export async function planExport(pc: PlanContext, cert: CertInput, outPath: string, id = 'a1'): Promise<ActionRecord> {
  const x509 = checkCa(cert.der, cert.from);
  const content = Buffer.from(derToPem(cert.der));
  const { change } = await fileChange(pc, outPath, content, 'user-picked', {
    kind: 'bundle',
    fingerprints: [sha256Hex(cert.der)],
  });
  return {
    id,
    kind: 'export',
    what: msg('repair:what.export', {
      name: x509.subject.replace(/\n/g, ', '),
      fingerprint: sha256Hex(cert.der),
      path: outPath,
    }),
    where: outPath,
    why: msg('repair:why.export', { from: cert.from }),
    elevation: await elevationFor(outPath),
    undo: change.before
      ? msg('repair:undo.restoreBytes', { path: outPath })
      : msg('repair:undo.removeFile', { path: outPath }),
    notes: [],
    changes: [change],
  };
}
