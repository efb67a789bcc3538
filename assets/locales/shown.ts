// What a person is shown of a value TrustFix did not write (a path, a name, a certificate's subject,
// a program's words), in the terminal and in the app alike: control characters and the invisible
// bidirectional controls escaped, so a folder named "x\nTrustFix: all good" cannot fake a line of a
// plan, an escape sequence cannot move the cursor or clear the screen, and U+202E cannot make
// "moc.exe" read as "exe.com". Printable text, Chinese included, and backslashes (Windows paths) stay
// as they are. Pure and dependency-free: the CLI's translator and the renderer's both use it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `keepLines`: a program's own output keeps its line breaks and tabs; every other control is escaped. */
export function shown(value: string, keepLines = false): string {
  return value.replace(ESCAPED, (ch) => (keepLines && (ch === '\n' || ch === '\t') ? ch : escapeOne(ch)));
}
