// One line of progress on a terminal, redrawn in place, with a bounded cost whatever the terminal
// says about itself. Each redraw is a carriage return, a spinner frame, the text cut to the width,
// and an erase to the end of the line; there are at most 1000 / REDRAW_MS of them a second, so the
// output is about 1 KB a second (under 60 KB a minute). A terminal that reports no size (0 columns,
// as a fresh pseudo-terminal may) is taken to be FALLBACK_COLUMNS wide. (ora, used before, divided
// the line's width by the reported columns: 0 columns made that Infinity lines to clear, 1.4 GB of
// cursor codes in 10 minutes and a main thread that never got back to the scan.)

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
export const REDRAW_MS = 100;
export const FALLBACK_COLUMNS = 80;
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const ERASE_TO_END = '\x1b[K';

export interface StatusLine {
  /** The text shown from the next redraw on. */
  set: (text: string) => void;
  /** Erases the line and gives the cursor back. */
  stop: () => void;
}

/** Columns a character takes: two for the wide East Asian ranges, one otherwise (good enough to keep
 * a progress line of Chinese words and paths on one row). */
function charWidth(code: number): number {
  return code >= 0x1100 &&
    (code <= 0x115f ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000)
    ? 2
    : 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** Keeps `text` within `width` columns: a long line loses its middle (a folder's name keeps its end). */
export function fit(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  const chars = [...text];
  const headWidth = Math.max(4, Math.floor(width / 3));
  let head = '';
  let used = 0;
  for (const ch of chars) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > headWidth) break;
    head += ch;
    used += w;
  }
  let tail = '';
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = charWidth(chars[i]!.codePointAt(0)!);
    if (used + 1 + w > width) break;
    tail = chars[i]! + tail;
    used += w;
  }
  return `${head}…${tail}`;
}

/** The width to draw in: one less than the terminal's (writing the last column wraps on some), or the
 * fallback when it reports none. */
export function drawWidth(columns: number | undefined): number {
  return (columns && columns > 1 ? columns : FALLBACK_COLUMNS) - 1;
}

/** A status line on `stream` when it is a terminal a person watches (not CI, not TERM=dumb), else null. */
export function statusLine(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): StatusLine | null {
  if (!stream.isTTY || env.TERM === 'dumb' || 'CI' in env) return null;
  let text = '';
  let frame = 0;
  const draw = (): void => {
    const spinner = FRAMES[frame++ % FRAMES.length]!;
    stream.write(`\r${spinner} ${fit(text, drawWidth(stream.columns) - 2)}${ERASE_TO_END}`);
  };
  // The cursor comes back even when the process ends without stop() (a second Ctrl-C).
  const onExit = (): void => void stream.write(`\r${ERASE_TO_END}${SHOW_CURSOR}`);
  process.once('exit', onExit);
  stream.write(HIDE_CURSOR);
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    set: (next) => {
      text = next;
      if (frame === 0) draw(); // the first text at once; later ones at the next redraw
    },
    stop: () => {
      clearInterval(timer);
      process.off('exit', onExit);
      onExit();
    },
  };
}
