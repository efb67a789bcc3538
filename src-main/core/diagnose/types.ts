// The records `trustfix check` returns: plain JSON, the same for the CLI (--json) and the app.
import type { ToolClientName } from '../clients/types.ts';
import type { Message } from '../messages.ts';
import { CLIENTS, type ClientName, type SourceLocation } from '../pythons/types.ts';
import type { RepairProposal } from './proposal.ts';
import type { StrictOutcome } from './strictAdvice.ts';
import type { ClientSays } from './clientRuns/types.ts';

export const CAUSES = [
  'ok',
  'missing-root',
  'untrusted-root',
  'intercepted',
  'expired-root',
  'incomplete-chain',
  'hostname-mismatch',
  'leaf-expired',
  'not-yet-valid',
  'self-signed',
  'no-sni',
  'tls-version',
  'x509-strict',
  'unreachable',
] as const;
export type Cause = (typeof CAUSES)[number];

/** What a Python error text can tell apart (several causes print the same OpenSSL text). */
export type ObservedFamily =
  | 'ok'
  | 'untrusted'
  | 'verify-failed'
  | 'self-signed'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname'
  | 'x509-strict'
  | 'tls-version'
  | 'unreachable'
  | 'no-verification'
  | 'other';

export interface ChainCert {
  position: number;
  /** 'server': sent in the handshake; 'aia': fetched by TrustFix from a caIssuers URL. */
  from: 'server' | 'aia';
  fingerprint: string;
  subject: string;
  issuer: string;
  name: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  selfIssued: boolean;
  subjectAltNames: string[];
  caIssuers: string[];
  /** A TLS-inspection product named in this certificate's subject or issuer. */
  vendor?: string;
}

export interface PythonSays {
  ok: boolean;
  /** The client's own exception text, as the user would see it. */
  error: string | null;
  /** The ssl / certificate error inside it. */
  sslError: string | null;
  family: ObservedFamily;
}

export interface CheckResult {
  /** Interpreter executable; null for a --bundle row (a bundle judged on its own) and for a
   * non-Python client run for real (curl, git, node, uv, conda: then `executable` names it). */
  python: string | null;
  pythonVersion?: string;
  /** urllib / requests / pip inside `python`; curl, git, node, uv, conda run on their own; null for a --bundle row. */
  client: ClientName | ToolClientName | null;
  /** The non-Python client's program (clientRuns). */
  executable?: string;
  clientVersion?: string;
  /** Main trust source for tables: a path, "os-store", or several joined by " + ". */
  source: string;
  sources: SourceLocation[];
  steeredBy?: string;
  /** TrustFix's prediction. */
  ok: boolean;
  cause: Cause;
  detail: Message;
  /** Further facts (strict-rule violations, clock skew, SANs vs host). */
  notes: Message[];
  /** The verification path TrustFix built, leaf first, as fingerprints. */
  path: string[];
  /** Python 3.13+'s strict rule: the certificates that break it and who must act; afterTrust when
   * the client would still fail once the missing root is trusted. */
  strict?: StrictOutcome;
  /** What the interpreter itself reported; null for --bundle rows and non-Python clients. */
  pythonSays: PythonSays | null;
  /** What a non-Python client said when run for real: its command, exit code, error and family. */
  clientSays?: ClientSays;
  /** For a non-Python client: false when TrustFix had no trust source to judge, so `cause` is read
   * from the client's own error and nothing can disagree. */
  predicted?: boolean;
  /** TrustFix's prediction and the interpreter's own result differ: a bug to report. */
  disagreement: boolean;
  repairs: RepairProposal[];
}

export interface CheckReport {
  host: string;
  port: number;
  url: string;
  at: string;
  proxy: string | null;
  /** Negotiated by TrustFix's own read of the chain. */
  protocol: string | null;
  unreachable: { kind: string; message: string } | null;
  chain: ChainCert[];
  aia: Array<{ url: string; ok: boolean; reason?: string }>;
  results: CheckResult[];
  interpreterErrors: Array<{ python: string; problem: Message }>;
  summary: { results: number; ok: number; failing: number; disagreements: number };
  elapsedMs: number;
}

/** A row about one Python client (urllib, requests, pip) inside one interpreter: what repairs act on. */
export type PythonRow = CheckResult & { python: string; client: ClientName };

export function isPythonRow(r: CheckResult): r is PythonRow {
  return r.python !== null && r.client !== null && (CLIENTS as readonly string[]).includes(r.client);
}
