// The details of one bundle for its row's panel: every certificate with its expiry, and what is
// missing against the reference. Re-reads the file through the context's reader (content-hash cache).
import type { TrustContext } from '../core/context.ts';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import { derToPem } from '../core/certs/certIndex.ts';
import { msg, Problem } from '../core/messages.ts';
import type { BundleDetails, BundleRow, CertificateRow, UsedBy } from './types.ts';

export function toRow(v: BundleVerdict, usedBy: UsedBy[] = []): BundleRow {
  return {
    id: v.id,
    status: v.status,
    reason: v.reason,
    path: v.path,
    owner: v.owner,
    certificates: v.certificates,
    expired: v.expired,
    missing: v.missing,
    distrusted: v.distrusted,
    extra: v.extra,
    ...(v.staleness ? { grade: v.staleness.grade, distrustedPresent: v.staleness.distrustedPresent } : {}),
    usedBy,
  };
}

async function fingerprintsOf(v: BundleVerdict, ctx: TrustContext): Promise<string[]> {
  const read = await ctx.reader.read(v.path);
  if (!read.ok) throw new Problem(msg(`bundles:verdict.read.${read.failure}`, { path: v.path }));
  return read.bundle.fingerprints;
}

export async function bundleDetails(
  v: BundleVerdict,
  ctx: TrustContext,
  canReveal: boolean,
  usedBy: UsedBy[] = [],
): Promise<BundleDetails> {
  const at = ctx.at.toISOString();
  const certificates: CertificateRow[] =
    v.format === 'unreadable'
      ? []
      : (await fingerprintsOf(v, ctx)).map((fp) => {
          const r = ctx.index.record(fp);
          return {
            fingerprint: fp,
            name: r.name,
            notAfter: r.notAfter,
            expired: r.notAfter < at,
            inReference: ctx.reference.fingerprints.has(fp),
            isCA: r.isCA,
            issuer: r.issuer,
          };
        });
  const actions: BundleDetails['actions'] = [];
  if (v.status === 'stale') actions.push('refresh');
  if (v.status === 'stale' || v.status === 'current') actions.push('append');
  if (certificates.length > 0) actions.push('export');
  if (canReveal) actions.push('reveal');
  return {
    row: toRow(v, usedBy),
    size: v.size,
    format: v.format,
    certificates,
    missing: v.details.missing,
    expired: v.details.expired,
    distrusted: v.details.distrusted,
    extra: v.details.extra,
    ...(v.staleness ? { staleness: v.staleness } : {}),
    actions,
  };
}

/** The bundle's certificates as PEM text, for the renderer to save where the user chooses. */
export async function bundlePem(v: BundleVerdict, ctx: TrustContext): Promise<{ fileName: string; pem: string }> {
  const fps = await fingerprintsOf(v, ctx);
  const pem = fps
    .map((fp) => {
      const c = ctx.index.get(fp);
      return c ? `# ${c.record.subject}\n${derToPem(c.der)}` : '';
    })
    .join('\n');
  const base = v.path.split(/[\\/]/).pop() ?? 'bundle.pem';
  return { fileName: base.replace(/\.(crt|cer|der)$/i, '.pem'), pem };
}
