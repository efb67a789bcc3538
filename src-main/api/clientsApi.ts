// clients.list: the HTTPS clients besides Python's (curl, git, node/npm, uv, conda, poetry, the AWS
// CLI, botocore), found and resolved once per session (refresh finds them again), their sources
// judged against the session's context and tied to the scan's verdicts where the same file was seen.
import { scanClients } from '../core/clients/scanClients.ts';
import type { ToolClient } from '../core/clients/types.ts';
import { loadPythons } from './pythonsApi.ts';
import type { Session } from './session.ts';

const loaded = new WeakMap<Session, Promise<ToolClient[]>>();

export function loadClients(session: Session, refresh = false): Promise<ToolClient[]> {
  let run = loaded.get(session);
  if (!run || refresh) {
    run = (async () => {
      const pythons = await loadPythons(session).catch(() => []);
      const scan = await scanClients(await session.ctx(), session.allBundles(), {
        pythons,
        ...(session.options.env ? { env: session.options.env } : {}),
      });
      return scan.clients;
    })();
    const mine = run;
    loaded.set(session, mine);
    mine.catch(() => {
      if (loaded.get(session) === mine) loaded.delete(session); // try again next time
    });
  }
  return run;
}
