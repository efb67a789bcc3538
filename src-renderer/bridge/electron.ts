// The bridge inside Electron: the preload's invoke/on, nothing more.
import type { Bridge, PreloadApi } from './types.ts';

export function electronBridge(api: PreloadApi): Bridge {
  return {
    invoke: (channel, request) => api.invoke(channel, request ?? {}) as never,
    on: (event, listener) => api.on(event, listener as (payload: unknown) => void),
  };
}
