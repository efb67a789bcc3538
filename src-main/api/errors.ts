// An answer that is a refusal or a failure, for people: a Message the renderer translates.
import { msg, type Message } from '../core/messages.ts';

export class ApiError extends Error {
  readonly problem: Message;
  constructor(problem: Message) {
    super(problem.code);
    this.problem = problem;
  }
}

/** The channel exists, and its core part has not landed in this build yet. */
export function notInBuild(part: 'pythons' | 'check' | 'repair' | 'history'): never {
  throw new ApiError(msg(`app:api.notInBuild.${part}`));
}
