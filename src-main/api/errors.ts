// An answer that is a refusal or a failure, for people: a Message the renderer translates.
import type { Message } from '../core/messages.ts';

export class ApiError extends Error {
  readonly problem: Message;
  constructor(problem: Message) {
    super(problem.code);
    this.problem = problem;
  }
}
