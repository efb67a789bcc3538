// The names of every API channel and event, as one `as const` list: the Electron preload, the
// browser bridge and the renderer all take them from here, so a name exists in one place only.
export const CHANNELS = [
  'scan.start',
  'scan.cancel',
  'scan.results',
  'bundle.details',
  'bundle.exportPem',
  'bundle.reveal',
  'bundle.planRefresh',
  'bundle.planAppend',
  'upload.pem',
  'settings.get',
  'settings.set',
  'pythons.list',
  'clients.list',
  'check.run',
  'plan.make',
  'plan.rootUpdate',
  'plan.trustRoot',
  'plan.useOsStore',
  'plan.apply',
  'history.list',
  'history.undo',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENTS = ['scan.progress', 'scan.done', 'repair.output', 'check.progress'] as const;
export type EventName = (typeof EVENTS)[number];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}
