// `check` runs each installed non-Python client against the host for real (curl, git, node, uv,
// conda) and compares what it says with what TrustFix predicts from the trust source it reads.
import type { Message } from '../../messages.ts';
import type { ClientEnv, ToolClientName, ToolTrust } from '../../clients/types.ts';
import type { ObservedFamily } from '../types.ts';

/** The clients `check` knows how to run: each has one cheap command that makes a TLS request. */
export type RunnableClient = Extract<ToolClientName, 'curl' | 'git' | 'node' | 'uv' | 'conda'>;
export const RUNNABLE_CLIENTS: readonly RunnableClient[] = ['curl', 'git', 'node', 'uv', 'conda'];

/**
 * One client to run: what core/clients discovery finds (a ToolClient) narrowed to what a run needs.
 * `env` is the environment the client would have (the user's), `trust` where TrustFix says it looks;
 * without `trust` there is no prediction, only the client's own answer.
 */
export interface ClientRunSpec {
  name: RunnableClient;
  executable: string;
  env: ClientEnv;
  trust?: ToolTrust;
  version?: string;
  /** Folder to run in (project config: uv's pyproject.toml / uv.toml). Default: the current one. */
  cwd?: string;
}

/** What the client itself said. */
export interface ClientSays {
  ok: boolean;
  /** The exact argument list run (program first); no shell was involved. */
  command: string[];
  exitCode: number | null;
  /** The client's own error line(s), as the user would see them. */
  error: string | null;
  /** A short machine code when the client gives one: node's err.code, "curl exit 60", rustls' variant. */
  code: string | null;
  family: ObservedFamily;
  timedOut?: boolean;
  elapsedMs: number;
  /** Why it was not started at all (a Windows .cmd/.bat whose path cmd.exe would read as a command). */
  problem?: Message;
}
