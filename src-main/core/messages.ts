// A message for a person, as data: `code` is a key in the translation tables (assets/locales),
// `params` fill its placeholders. Core never formats prose itself, so the CLI and the app can show
// the same finding in English or Chinese.
export interface Message {
  code: string;
  params?: Record<string, string | number>;
}

export function msg(code: string, params?: Record<string, string | number>): Message {
  return params ? { code, params } : { code };
}

/**
 * An error for a person: what went wrong, as a Message both UIs translate. Whatever core, the API or
 * the CLI throws for someone to read is a Problem (or a subclass that adds a field a caller needs);
 * `message` is only the code, for logs and stack traces, never shown.
 */
export class Problem extends Error {
  readonly problem: Message;
  constructor(problem: Message, options?: ErrorOptions) {
    super(problem.code, options);
    this.name = 'Problem';
    this.problem = problem;
  }
}

/** The words of something thrown that is not a Problem (a Node error, a bug): kept as a detail. */
export function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one way anything thrown becomes words for a person, used by every catcher (the API's
 * dispatch, the CLI, a repair walk): a Problem says its own Message; anything else is unexpected,
 * its text kept as a parameter inside a sentence of the caller's (default: error.unexpected).
 */
export function problemOf(
  error: unknown,
  unexpected: (detail: string) => Message = (detail) => msg('common:error.unexpected', { detail }),
): Message {
  return error instanceof Problem ? error.problem : unexpected(detailOf(error));
}
