// What a terminal is shown of a value TrustFix did not write (a path, a name, a program's words):
// control characters escaped, so a folder named "x\nTrustFix: all good" cannot fake a line of a plan,
// and an escape sequence in a file name cannot move the cursor or clear the screen. Printable text,
// Chinese included, and backslashes (Windows paths) stay as they are.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** `keepLines`: a program's own output keeps its line breaks and tabs; every other control is escaped. */
export function shown(value: string, keepLines = false): string {
  return value.replace(CONTROL, (ch) => (keepLines && (ch === '\n' || ch === '\t') ? ch : (NAMED[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)));
}
