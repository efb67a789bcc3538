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
