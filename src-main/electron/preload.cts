// The preload: runs sandboxed, with context isolation. Exposes exactly two functions, for the
// channels and events of the API table only (their names arrive from the main process as an
// argument, so the list lives in one place: src-main/api/channels.ts). No Node, no ipcRenderer.
// A sandboxed preload is a CommonJS script: require is the only way in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

function listArg(name: string): string[] {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? (JSON.parse(decodeURIComponent(arg.slice(name.length + 3))) as string[]) : [];
}

const channels = new Set(listArg('trustfix-channels'));
const events = new Set(listArg('trustfix-events'));

contextBridge.exposeInMainWorld('trustfix', {
  invoke(channel: string, request: unknown): Promise<unknown> {
    if (!channels.has(channel))
      return Promise.resolve({
        ok: false,
        error: { code: 'app:api.unknownChannel', params: { channel: String(channel) } },
      });
    return ipcRenderer.invoke(`trustfix:${channel}`, request);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!events.has(event)) return () => {};
    const wrapped = (_e: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(`trustfix:event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`trustfix:event:${event}`, wrapped);
  },
});
