// The bridge to `trustfix ui`: POST /api/<channel> with the session token (taken from the URL the
// command printed), events over Server-Sent Events.
import type { ApiResult } from '../../src-main/api/types.ts';
import type { Bridge } from './types.ts';

const TOKEN_KEY = 'trustfix.token';

export function tokenFromLocation(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function httpBridge(token: string = tokenFromLocation()): Bridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;
  const connect = (): void => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of ['scan.progress', 'scan.done', 'repair.output']) {
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
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(request ?? {}),
        });
        if (res.headers.get('content-type')?.startsWith('application/json')) return (await res.json()) as ApiResult<never>;
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
