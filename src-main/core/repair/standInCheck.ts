// `fix` needs what `check` (issue 6, src-main/core/diagnose/) proposes. Until that lands, this
// stand-in covers the one case it can decide alone: the client fails and the server's own chain
// ends in a CA that the client's bundle lacks. It has the signature `fix` expects of the check
// engine (CheckForFix); the lead swaps in the real one in cli/commands/fix.ts.
import { X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { execa } from 'execa';
import { derToPem } from '../certs/certIndex.ts';
import { sha256Hex } from '../certs/record.ts';
import type { TrustContext } from '../context.ts';
import { msg } from '../messages.ts';
import type { RepairProposal } from './proposal.ts';
import { pythonCanFetch } from './pythonFacts.ts';

export interface CheckForFixInput {
  url: string;
  python: string;
  ctx: TrustContext;
  signal?: AbortSignal;
}

export interface CheckForFixResult {
  proposals: RepairProposal[];
  /** Real paths of the bundles the check looked at: the files a fix may change. */
  findings: string[];
  /** Re-run after the fix; rollback when it still fails. */
  verify: () => Promise<{ ok: boolean; detail: string }>;
  alreadyOk: boolean;
}

export type CheckForFix = (input: CheckForFixInput) => Promise<CheckForFixResult>;

/** Reading the chain is diagnosis, not trust: nothing here decides that the server is trusted. */
async function fetchChain(host: string, port: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: host, rejectUnauthorized: false, timeout: 10_000 }, () => {
      const ders: Buffer[] = [];
      let cert: PeerCertificate | DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert && cert.raw && !seen.has(sha256Hex(cert.raw))) {
        seen.add(sha256Hex(cert.raw));
        ders.push(cert.raw);
        cert = (cert as DetailedPeerCertificate).issuerCertificate;
      }
      socket.end();
      resolve(ders);
    });
    socket.on('error', reject);
    socket.on('timeout', () => socket.destroy(new Error('timeout')));
  });
}

export const standInCheck: CheckForFix = async ({ url, python }) => {
  const u = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  const run = await execa(python, ['-c', 'import requests.certs; print(requests.certs.where())'], { reject: false, timeout: 30_000 });
  const client = run.exitCode === 0 ? 'requests' : 'urllib';
  const bundle = client === 'requests'
    ? String(run.stdout).trim()
    : String((await execa(python, ['-c', 'import ssl; p=ssl.get_default_verify_paths(); print(p.cafile or p.openssl_cafile)'], { timeout: 30_000 })).stdout).trim();
  const verify = () => pythonCanFetch(python, u.href, client);
  const first = await verify();
  if (first.ok) return { proposals: [], findings: [bundle], verify, alreadyOk: true };
  const chain = await fetchChain(u.hostname, Number(u.port || 443));
  const top = chain.map((der) => ({ der, x509: new X509Certificate(der) })).filter((c) => c.x509.ca).pop();
  const proposals: RepairProposal[] = top
    ? [{
        kind: 'append',
        why: msg('repair:why.missingRoot', { host: u.host, name: top.x509.subject.replace(/\n/g, ', ') }),
        bundlePath: bundle,
        certificates: [{ fingerprint: sha256Hex(top.der), name: top.x509.subject.replace(/\n/g, ', '), from: 'chain', pem: derToPem(top.der) }],
        needsFingerprintConfirmation: true,
        python,
        client,
      }]
    : [];
  return { proposals, findings: [bundle], verify, alreadyOk: false };
};
