// Another screen (a Pythons row's "Check a host with this Python") opens the wizard with one
// interpreter chosen: it goes to #wizard?python=<id>; the app switches screens on the hash, and the
// wizard ticks that interpreter alone when it is there and answered.
import type { PythonRow } from '../../src-main/api/types.ts';

const ASKED = /[?&]python=(py-[0-9a-f]{6,64})(?:&|$)/;

/** Opens the wizard with this interpreter chosen. */
export function wizardFor(pythonId: string): void {
  window.location.hash = `wizard?python=${pythonId}`;
}

/** The interpreters ticked at first: the one asked for, else every one that answered. */
export function firstChoice(pythons: PythonRow[]): Set<string> {
  const asked = ASKED.exec(window.location.hash)?.[1];
  const working = pythons.filter((p) => !p.error);
  if (asked && working.some((p) => p.id === asked)) return new Set([asked]);
  return new Set(working.map((p) => p.id));
}
