// For each failure, the repairs that would fix it, as data (RepairProposal) for the repair step to
// plan and carry out. Never offered: turning verification off, or clearing Python 3.13's
// VERIFY_X509_STRICT. For a fault of the server (name, expiry, protocol) no trust change is proposed:
// a sentence says what the site owner must do. Under the strict rule, the certificate that breaks it
// is named with who must change it, and a step that trusts a root says when it will not be enough.
import { derToPem, type CertIndex } from '../certs/certIndex.ts';
import { msg } from '../messages.ts';
import type { Platform } from '../platform/types.ts';
import type { ClientName, SourceLocation } from '../pythons/types.ts';
import type { RepairProposal } from './proposal.ts';
import type { Evaluation } from './evaluate.ts';
import { whoMustAct } from './strictAdvice.ts';

export interface RepairTarget {
  python: string | null;
  client: ClientName | null;
  sources: SourceLocation[];
  /** The OS the interpreter runs on: whether truststore gets around the strict rule there. */
  os: Pick<Platform, 'id' | 'truststoreRelaxesStrict'>;
}

type Cert = NonNullable<RepairProposal['certificates']>[number];

function cert(index: CertIndex, fingerprint: string, from: Cert['from']): Cert {
  const c = index.get(fingerprint)!;
  return { fingerprint, name: c.record.name, from, pem: derToPem(c.der) };
}

export function proposeRepairs(ev: Evaluation, target: RepairTarget, index: CertIndex): RepairProposal[] {
  const out: RepairProposal[] = [];
  const who = {
    ...(target.python ? { python: target.python } : {}),
    ...(target.client ? { client: target.client } : {}),
  };
  const bundles = target.sources.filter((s) => s.kind === 'file').map((s) => (s as { path: string }).path);
  const usesOsStore = target.sources.some((s) => s.kind === 'os-store');
  const append = (certs: Cert[], why: string, confirm: boolean): void => {
    const names = certs.map((c) => c.name).join(', ');
    // Narrowest first (safety rule 7, docs/safety-rules.md): urllib reads OpenSSL's default file (or SSL_CERT_FILE's), which
    // other programs read too; a .pth in this interpreter's own site-packages gives it alone the roots.
    if (target.python && target.client === 'urllib' && certs.length > 0) {
      const pthWhy = certs.every((c) => c.from === 'file')
        ? 'check:repair.pthBundleFile'
        : confirm
          ? 'check:repair.pthBundleConfirm'
          : 'check:repair.pthBundle';
      out.push({
        kind: 'pth-bundle',
        why: msg(pthWhy, { names }),
        certificates: certs,
        ...(confirm ? { needsFingerprintConfirmation: true } : {}),
        ...who,
      });
    }
    for (const bundlePath of bundles) {
      out.push({
        kind: 'append',
        why: msg(why, { names: certs.map((c) => c.name).join(', '), path: bundlePath }),
        bundlePath,
        certificates: certs,
        ...(confirm ? { needsFingerprintConfirmation: true } : {}),
        ...who,
      });
    }
    // A root Windows has not installed yet gets its own two offers below, said in those words.
    if (bundles.length === 0 && usesOsStore && !ev.lazyRoot) {
      out.push({
        kind: 'os-store',
        why: msg('check:repair.addToOsStore', { names }),
        certificates: certs,
        ...(confirm ? { needsFingerprintConfirmation: true } : {}),
        ...who,
      });
    }
  };
  const siteOwner = (code: string, params: Record<string, string> = {}): void => {
    out.push({ kind: 'none', why: msg(code, params), ...who });
  };
  // truststore for requests/urllib in one interpreter. Under a strict-rule failure only where the OS
  // verifier decides (Windows, macOS); on Linux it verifies with OpenSSL and the same flags, so the
  // user is told why it is not offered instead.
  const truststore = (): void => {
    if (!target.python || (target.client !== 'requests' && target.client !== 'urllib')) return;
    if (!ev.strict) out.push({ kind: 'use-os-store', why: msg('check:repair.useOsStore'), ...who });
    else if (target.os.truststoreRelaxesStrict)
      out.push({ kind: 'use-os-store', why: msg('check:repair.useOsStoreStrict'), ...who });
    else out.push({ kind: 'none', why: msg('check:repair.truststoreNoHelp'), ...who });
  };
  // A public root Windows installs on demand and has not yet: the narrow import of that one root
  // (taken from the reference, elevated: LocalMachine\Root), or Windows Update's whole root list.
  const lazyRoot = (fingerprint: string): void => {
    const root = cert(index, fingerprint, 'reference');
    out.push({
      kind: 'os-store',
      why: msg('check:repair.importLazyRoot', { names: root.name }),
      certificates: [root],
      ...who,
    });
    out.push({ kind: 'os-store', why: msg('check:repair.refreshFromWindowsUpdate'), ...who });
  };
  const tellWhoMustAct = (): void => {
    for (const why of whoMustAct(ev.strict!)) out.push({ kind: 'none', why, ...who });
  };

  switch (ev.cause) {
    case 'ok':
    case 'unreachable':
      break;
    case 'missing-root':
    case 'intercepted': {
      const root = ev.missingRoot!;
      if (ev.aiaNeeded?.length)
        append(
          ev.aiaNeeded.map((fp) => cert(index, fp, 'aia')),
          'check:repair.appendIntermediate',
          false,
        );
      append(
        [cert(index, root.fingerprint, root.from)],
        ev.cause === 'intercepted' ? 'check:repair.appendProxyRoot' : 'check:repair.appendRoot',
        root.from === 'chain',
      );
      if (root.from === 'reference')
        for (const bundlePath of bundles)
          out.push({ kind: 'refresh', why: msg('check:repair.refresh', { path: bundlePath }), bundlePath, ...who });
      if (root.from === 'os-store' && !usesOsStore) truststore();
      if (ev.lazyRoot) lazyRoot(root.fingerprint);
      break;
    }
    case 'untrusted-root':
      // The root (and intermediate) from the user's file, like a root the server sent: after confirmation.
      if (ev.fromFile?.length)
        append(
          ev.fromFile.map((fp) => cert(index, fp, 'file')),
          'check:repair.appendFileRoot',
          true,
        );
      else if (ev.missingRoot)
        append([cert(index, ev.missingRoot.fingerprint, 'chain')], 'check:repair.appendPrivateRoot', true);
      else if (ev.detail.code === 'check:detail.untrusted-root-leafOnly')
        siteOwner('check:repair.leafOnly', { issuer: String(ev.detail.params?.issuer ?? '') });
      else
        siteOwner('check:repair.askForRoot', {
          name: ev.path.length ? index.record(ev.path[ev.path.length - 1]!).issuer : '',
        });
      break;
    case 'incomplete-chain':
      append(
        (ev.aiaNeeded ?? []).map((fp) => cert(index, fp, 'aia')),
        'check:repair.appendIntermediate',
        false,
      );
      if (ev.missingRoot) {
        // A root from the server or its AIA address is trusted only after the user confirms it.
        const confirm = ev.missingRoot.from === 'chain' || ev.missingRoot.from === 'aia';
        append(
          [cert(index, ev.missingRoot.fingerprint, ev.missingRoot.from)],
          confirm ? 'check:repair.appendPrivateRoot' : 'check:repair.appendRoot',
          confirm,
        );
        if (ev.lazyRoot) lazyRoot(ev.missingRoot.fingerprint);
      }
      siteOwner('check:repair.siteOwner.incompleteChain');
      break;
    case 'expired-root':
      if (ev.newerIssue)
        append(
          [cert(index, ev.newerIssue.fingerprint, ev.newerIssue.from)],
          'check:repair.appendNewerRoot',
          ev.newerIssue.from === 'chain',
        );
      for (const bundlePath of bundles)
        out.push({ kind: 'refresh', why: msg('check:repair.refresh', { path: bundlePath }), bundlePath, ...who });
      if (usesOsStore) out.push({ kind: 'os-store', why: msg('check:repair.refreshOsStore'), ...who });
      break;
    case 'self-signed':
      append([cert(index, ev.path[0]!, 'chain')], 'check:repair.appendSelfSigned', true);
      break;
    case 'x509-strict':
      tellWhoMustAct();
      truststore();
      break;
    case 'hostname-mismatch':
      siteOwner('check:repair.siteOwner.hostname');
      break;
    case 'leaf-expired':
      siteOwner(
        ev.notes.some((n) => n.code === 'check:note.clockSkew')
          ? 'check:repair.fixClock'
          : 'check:repair.siteOwner.expired',
      );
      break;
    case 'not-yet-valid':
      siteOwner(
        ev.notes.some((n) => n.code === 'check:note.clockSkew')
          ? 'check:repair.fixClock'
          : 'check:repair.siteOwner.notYetValid',
      );
      break;
    case 'no-sni':
      siteOwner('check:repair.upgradePython');
      break;
    case 'tls-version':
      siteOwner('check:repair.siteOwner.tls');
      break;
  }
  if (!ev.strict?.afterTrust) return out;
  // The root (or intermediate) must be trusted, and on this Python that is not enough: who must change
  // the certificate comes first, and each step that adds trust says it will still fail. truststore,
  // where it is offered at all, lets the OS verifier decide and carries no such mark.
  const first = ev.strict.violations[0]!;
  const stillFails = msg('check:repair.stillFails', { role: first.role, name: first.name, openssl: first.openssl });
  const act: RepairProposal[] = whoMustAct(ev.strict).map((why) => ({ kind: 'none', why, ...who }));
  return [...act, ...out.map((p) => (p.kind === 'none' || p.kind === 'use-os-store' ? p : { ...p, stillFails }))];
}
