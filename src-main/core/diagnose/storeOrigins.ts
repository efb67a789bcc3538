// What the OS store's layout adds to a client's diagnosis, where the backend reports it (Windows):
// - a public root that Windows has not installed yet (Automatic Root Certificates Update installs
//   roots only when Windows' own verifier needs one; Python's ssl only enumerates the store), so
//   the site works in the browser and fails in Python;
// - a root that group policy or the enterprise (Active Directory) put in the store;
// - a chain that verifies only thanks to a certificate in the CA (intermediate) store, which Python
//   loads as a trust anchor next to ROOT (ssl.enum_certificates("CA"), SSLContext._windows_cert_stores).
// Facts of the platform object (rootsOnDemand, sslLoadsOsStores) and of the store read decide; no OS
// is named here.
import type { TrustContext } from '../context.ts';
import { msg, type Message } from '../messages.ts';
import type { StoreLocation, StoreOrigin } from '../platform/types.ts';
import type { SourceLocation } from '../pythons/types.ts';
import { evaluate, type ClientProfile, type Evaluation, type Evidence } from './evaluate.ts';
import { trustSet, type TrustSet } from './paths.ts';

export interface StoreClient {
  sources: SourceLocation[];
  /** The client verifies through truststore: the OS's own verifier, which fetches roots on demand
   * and does not take CA-store intermediates as anchors. */
  truststore: boolean;
  profile: ClientProfile;
}

/** A note that says where a working client's trust came from (policy, the CA store): worth showing
 * for a client that works, where other notes are not. */
export function isStoreNote(code: string): boolean {
  return (
    code.startsWith('check:note.fromPolicy.') ||
    code === 'check:note.caStoreAnchor' ||
    code === 'check:note.caStoreFilled'
  );
}

/** Policy locations, most specific first: the one named when a root has several. */
const POLICY: readonly StoreLocation[] = ['MachineGroupPolicy', 'UserGroupPolicy', 'Enterprise'];

const policyOf = (origins: readonly StoreOrigin[] | undefined): StoreLocation | undefined =>
  POLICY.find((p) => origins?.some((o) => o.location === p));

/** Only in the CA store (not in any Root store): an intermediate Python nonetheless trusts. */
const caOnly = (origins: readonly StoreOrigin[] | undefined): boolean =>
  (origins?.length ?? 0) > 0 && origins!.every((o) => o.store === 'CA');

/** The evaluation with what the store's layout explains: a changed detail for a lazily installed
 * root (and `lazyRoot`, which the repairs read), and notes. Unchanged where the store says nothing. */
export function withStoreFacts(
  ev: Evaluation,
  evidence: Evidence | undefined,
  trust: TrustSet,
  client: StoreClient,
): Evaluation {
  if (!evidence) return ev;
  const { ctx } = evidence;
  const readsStore = client.sources.some((s) => s.kind === 'os-store');
  const notes: Message[] = [];
  let out = ev;

  const root = ev.missingRoot;
  if (
    ctx.platform.rootsOnDemand === true &&
    readsStore &&
    !client.truststore &&
    root?.from === 'reference' &&
    !ctx.osStore.fingerprints.has(root.fingerprint) &&
    (ev.cause === 'missing-root' || ev.cause === 'incomplete-chain')
  ) {
    const name = ctx.index.record(root.fingerprint).name;
    out = {
      ...out,
      lazyRoot: true,
      ...(ev.cause === 'missing-root' ? { detail: msg('check:detail.missing-root-lazy', { root: name }) } : {}),
    };
    if (ev.cause !== 'missing-root') notes.push(msg('check:note.lazyRoot', { root: name }));
  }

  if (ctx.osStore.origins.size > 0) {
    notes.push(...policyNotes(ev, ctx, readsStore));
    if (readsStore && !client.truststore && ctx.platform.sslLoadsOsStores && ev.cause === 'ok') {
      const ca = caStoreNote(ev, evidence, trust, client.profile);
      if (ca) notes.push(ca);
    }
  }
  return notes.length ? { ...out, notes: [...out.notes, ...notes] } : out;
}

/** Each certificate on the path (or the missing root) that policy put in the store, named once. */
function policyNotes(ev: Evaluation, ctx: TrustContext, readsStore: boolean): Message[] {
  const fps = new Set([
    ...(readsStore ? ev.path.filter((fp) => ctx.osStore.fingerprints.has(fp)) : []),
    ...(ev.missingRoot ? [ev.missingRoot.fingerprint] : []),
  ]);
  const notes: Message[] = [];
  for (const fp of fps) {
    const where = policyOf(ctx.osStore.origins.get(fp));
    if (where) notes.push(msg(`check:note.fromPolicy.${where}`, { name: ctx.index.record(fp).name }));
  }
  return notes;
}

/**
 * Does the chain verify only thanks to a CA-store certificate? Judged again without the certificates
 * that sit only in CA stores: if that fails, one of them decided. Python 3.13+ ends the path at such
 * an intermediate (create_default_context sets VERIFY_X509_PARTIAL_CHAIN since 3.13: gh-107361,
 * python/cpython#112389); before, without that flag, OpenSSL still needs a self-signed root, and a
 * CA-store intermediate only fills in one the server does not send.
 */
function caStoreNote(ev: Evaluation, evidence: Evidence, trust: TrustSet, profile: ClientProfile): Message | undefined {
  const { ctx } = evidence;
  const onlyCa = ev.path.filter((fp) => trust.fingerprints.has(fp) && caOnly(ctx.osStore.origins.get(fp)));
  if (onlyCa.length === 0) return undefined;
  const without = trustSet(
    ctx.index,
    [...trust.fingerprints].filter((fp) => !caOnly(ctx.osStore.origins.get(fp))),
  );
  if (evaluate(evidence, without, profile).cause === 'ok') return undefined;
  const anchor = ev.path[ev.path.length - 1]!;
  if (onlyCa.includes(anchor)) return msg('check:note.caStoreAnchor', { name: ctx.index.record(anchor).name });
  const filled = onlyCa.find((fp) => !evidence.chain.includes(fp)) ?? onlyCa[0]!;
  return msg('check:note.caStoreFilled', { name: ctx.index.record(filled).name });
}
