// Colour for a terminal only: off for --json, --no-color, NO_COLOR, or when stdout is not a TTY.
import pc from 'picocolors';
import type { BundleStatus } from '../core/bundles/judge.ts';

export function colours(enabled: boolean): ReturnType<typeof pc.createColors> {
  return pc.createColors(enabled && !process.env.NO_COLOR && process.stdout.isTTY === true);
}

export function statusColour(c: ReturnType<typeof pc.createColors>, status: BundleStatus): (s: string) => string {
  switch (status) {
    case 'current':
      return c.green;
    case 'stale':
      return c.yellow;
    case 'broken':
      return c.red;
    default:
      return c.dim;
  }
}
