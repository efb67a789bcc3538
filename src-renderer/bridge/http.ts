// The bridge to `trustfix ui`: POST /api/<channel>, events over Server-Sent Events. Both are
// same-origin requests that carry the HttpOnly cookie the server set when this browser opened its
// one-time link: the page never sees a secret, and no URL holds one.
import { EVENTS } from '../../src-main/api/channels.ts';
import type { ApiResult } from '../../src-main/api/types.ts';
import type { Bridge } from './types.ts';

export function httpBridge(): Bridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;
  const connect = (): void => {
    if (source) return;
    source = new EventSource('/api/events');
    for (const name of EVENTS) {
      source.addEventListener(name, (e) => {
        const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };
  return {
    async invoke(channel, request) {
      try {
        const res = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(request ?? {}),
        });
        if (res.headers.get('content-type')?.startsWith('application/json'))
          return (await res.json()) as ApiResult<never>;
        return { ok: false, error: { code: 'app:bridge.refused', params: { status: res.status } } };
      } catch (error) {
        return { ok: false, error: { code: 'app:bridge.offline', params: { reason: String(error) } } };
      }
    },
    on(event, listener) {
      connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
