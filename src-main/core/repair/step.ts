// The one step model. Every change a plan makes (a file written or removed, a command run) is a Step
// that knows how to check, do, verify and take back itself, and whether it needs the administrator.
// Apply walks a plan's steps forward, undo and rollback walk the journal's steps backward (each
// step's inverse), and the elevated process rebuilds its share of steps from the batch records and
// runs them through the same code (walk.ts, elevatedApply.ts). The two kinds: fileStep.ts, commandStep.ts.
import { msg, Problem, problemOf, type Message } from '../messages.ts';
import type { CommandSpec } from '../platform/types.ts';
import type { BatchStep, ElevationRunner } from './elevation.ts';
import type { Journal, JournalEntry } from './journal.ts';

/** What a walk gives its steps: where the journal is, how to ask for the administrator. */
export interface StepEnv {
  journal: Journal;
  entry: JournalEntry;
  elevate: ElevationRunner;
  /** How to start TrustFix's CLI for an elevated step. */
  self: string[];
  /** Which OS's prompt and file rules the steps use (this machine's; tests name one). */
  os: NodeJS.Platform;
  /** Called once per batch, before the OS prompt, with the sentence saying why. */
  beforeElevation?: (why: Message) => void;
}

/** How a step runs a command: the elevated process and tests pass their own runner. */
export interface StepIO {
  run: (spec: CommandSpec, options: { env?: Record<string, string>; live?: boolean }) => Promise<unknown>;
}

/**
 * What check() found. ready: the target is what this step starts from; done: it already is what
 * the step ends in (an undo finishing after a kill). Anything else is refused by check().
 */
export type Readiness = 'ready' | 'done';

export interface Step {
  /** Where it changes something, for the OS prompt's sentence. */
  readonly where: string;
  /** Real paths held locked while it is checked and done. */
  readonly locks: readonly string[];
  /** Taking a change back: a target already in its end state is done, one in neither state a
   * conflict (left alone); doing a change: anything but its start state is refused. */
  readonly undoing: boolean;
  /** Run after the other steps of its action when walking backward (a store refresh that must see
   * the anchor file gone). */
  readonly last: boolean;
  /** Needs the OS prompt here; refuses one TrustFix may not elevate for. */
  needsElevation(): Promise<boolean>;
  /** Right before do(), under its locks. Keeps what it opened until do() or release(). */
  check(): Promise<Readiness>;
  /** After check(): the exact bytes the step replaces (null: none), for the journal's backup. */
  replaced(): Buffer | null;
  do(io: StepIO): Promise<void>;
  /** Lets go of what check() opened when do() does not follow (the elevated process does it). */
  release(): Promise<void>;
  /** After do() (here or in the elevated process): read back; a problem, or null. */
  verify(): Promise<Message | null>;
  /** The step that takes this one back; `replaced`: the bytes to put back (the journal's backup). */
  inverse(replaced: Buffer | null): Step;
  /** The elevated process's records for it. */
  records(): BatchStep[];
}

/** Someone changed a target since TrustFix changed it: an undo leaves it alone and says so (a walk
 * tells it from other failures by its class). */
export class ConflictError extends Problem {
  constructor(path: string) {
    super(msg('repair:undo.conflict', { path }));
  }
}

/** What a failed step says: its Problem, or anything else thrown during a change as a failed file
 * operation (core/messages.ts problemOf, the one catcher). */
export function stepProblemOf(error: unknown): Message {
  return problemOf(error, (reason) => msg('repair:failed.io', { reason }));
}
