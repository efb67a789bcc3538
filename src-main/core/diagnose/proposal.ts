// A repair as data, as `check` proposes it and `fix` plans and applies it. Proposals name things
// core found (bundle ids, certificate fingerprints, interpreter ids), never free-form commands.
// It lives in diagnose, which makes proposals; repair sits above and reads them (core imports only go down).
import type { Message } from '../messages.ts';
import type { ClientName } from '../pythons/types.ts';

export type RepairKind =
  | 'append' // add certificates to a bundle
  | 'refresh' // rewrite a stale bundle from a current source, keeping extra roots
  | 'export' // write a root to a PEM file
  | 'point' // make a client use a good bundle (env var / pip config)
  | 'use-os-store' // truststore for requests/urllib in one interpreter
  | 'pth-bundle' // urllib in one interpreter also reads a bundle in TrustFix's data folder (a .pth in its own site-packages)
  | 'os-store' // refresh or add to the OS root store
  | 'macos-install-certificates'
  | 'client-setting' // `trust ROOT`: one client's own persistent setting (curl, git, node, npm, uv, conda, poetry, AWS)
  | 'none'; // nothing on this machine fixes it (hostname mismatch, expired leaf): tell the site owner

export interface RepairProposal {
  kind: RepairKind;
  /** Why, for people. */
  why: Message;
  /** The bundle to change (a scan finding's path), when the repair changes a bundle. */
  bundlePath?: string;
  /** Certificates to add: fingerprints, with where the DER came from. */
  certificates?: Array<{
    fingerprint: string;
    name: string;
    from: 'os-store' | 'chain' | 'aia' | 'reference' | 'file';
    pem?: string;
  }>;
  /** For a certificate taken from the server's chain: the user must confirm this fingerprint first. */
  needsFingerprintConfirmation?: boolean;
  python?: string;
  client?: ClientName;
  /** Known before any change: this step is needed but leaves the client failing (Python 3.13's strict
   * rule refuses a certificate the step does not change). Why, for people; `fix` does not choose it. */
  stillFails?: Message;
  /** For `point`: which variable or setting. */
  variable?: 'SSL_CERT_FILE' | 'REQUESTS_CA_BUNDLE' | 'PIP_CERT' | 'pip.conf';
}
