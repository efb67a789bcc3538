// Whether any client needs attention; kept apart so `scan` decides its exit code without loading the
// client finders.
import type { ToolClient } from './types.ts';

/** Any client whose source is not current, or that a setting breaks or leaves unverified. */
export function clientsHaveProblems(clients: ToolClient[]): boolean {
  return clients.some(
    (c) => c.insecure || c.status === 'broken' || c.status === 'stale' || c.status === 'not-a-bundle',
  );
}
