// The renderer's one door to the app: invoke a channel of the API table, listen to its events.
// Two implementations: Electron's preload (window.trustfix) and HTTP to `trustfix ui`.
import type { Channel, EventName } from '../../src-main/api/channels.ts';
import type { RequestOf, ResponseOf } from '../../src-main/api/table.ts';
import type { ApiResult, EventPayloads } from '../../src-main/api/types.ts';

export type { Channel, EventName, RequestOf, ResponseOf };

export interface Bridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** What the Electron preload puts on window (see src-main/electron/preload.cts). */
export interface PreloadApi {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    trustfix?: PreloadApi;
  }
}
