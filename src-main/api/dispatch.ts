// The one gate every request passes, whichever shell carried it: a known channel, a request that
// its schema accepts, then the handler. Failures come back as a Message, never a stack trace.
import { msg, problemOf } from '../core/messages.ts';
import { isChannel } from './channels.ts';
import type { Session } from './session.ts';
import { table } from './table.ts';
import type { ApiResult } from './types.ts';

export async function dispatch(session: Session, channel: unknown, request: unknown): Promise<ApiResult<unknown>> {
  if (!isChannel(channel))
    return { ok: false, error: msg('app:api.unknownChannel', { channel: String(channel).slice(0, 60) }) };
  const def = table[channel];
  const parsed = def.request.safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || (issue && 'keys' in issue ? (issue.keys as string[]).join(', ') : '');
    return { ok: false, error: msg('app:api.badRequest', { channel, where: where || '-' }) };
  }
  try {
    const value = await (def.handler as (r: unknown, s: Session) => Promise<unknown>)(parsed.data, session);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: problemOf(error, (reason) => msg('app:api.failed', { channel, reason })) };
  }
}
