// The API: one table, channel name -> request schema -> handler in core. Electron's ipcMain and the
// browser bridge both serve exactly this table (see dispatch.ts). Adding a channel is one entry here
// (and its name in channels.ts). Requests name things by id; every schema is strict, so a request
// carrying anything else (a path, a command) is refused before a handler sees it.
import { z } from 'zod';
import { pickLanguage } from '../../assets/locales/resources.ts';
import { msg } from '../core/messages.ts';
import type { Channel } from './channels.ts';
import { bundleDetails, bundlePem, toRow } from './details.ts';
import { ApiError, notInBuild } from './errors.ts';
import { bundleIdSchema, checkIdSchema, historyIdSchema, hostSchema, planIdSchema, pythonIdSchema } from './ids.ts';
import { cancelScan, startScan } from './scanRunner.ts';
import type { Session } from './session.ts';
import { settingsSchema } from './settings.ts';
import type {
  ApplyResult,
  BundleDetails,
  CheckResult,
  HistoryEntry,
  Plan,
  PythonRow,
  ScanResults,
  SettingsView,
} from './types.ts';

export interface ChannelDef<S extends z.ZodType, R> {
  request: S;
  handler: (request: z.infer<S>, session: Session) => Promise<R>;
  /** False while the core part behind it has not landed; the renderer explains instead of failing. */
  available: boolean;
}

function channel<S extends z.ZodType, R>(request: S, handler: (request: z.infer<S>, session: Session) => Promise<R>, available = true): ChannelDef<S, R> {
  return { request, handler, available };
}

const empty = z.strictObject({});

export const table = {
  'scan.start': channel(empty, async (_req, session) => {
    const slot = startScan(session);
    return { scanId: slot.id };
  }),
  'scan.cancel': channel(empty, async (_req, session) => ({ cancelled: cancelScan(session) })),
  'scan.results': channel(empty, async (_req, session): Promise<ScanResults> => {
    const slot = session.scan;
    const summary = { current: 0, stale: 0, broken: 0, 'not-a-bundle': 0 };
    if (!slot) return { scanId: null, state: 'idle', at: null, rows: [], summary };
    for (const v of slot.verdicts) summary[v.status]++;
    return {
      scanId: slot.id,
      state: slot.state,
      at: slot.at,
      rows: slot.verdicts.map((v) => toRow(v)),
      summary,
      ...(slot.error ? { error: slot.error } : {}),
    };
  }),
  'bundle.details': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session): Promise<BundleDetails> => {
    return bundleDetails(findBundle(session, id), await session.ctx(), Boolean(session.options.reveal));
  }),
  'bundle.exportPem': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session) => bundlePem(findBundle(session, id), await session.ctx())),
  'bundle.reveal': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session) => {
    const bundle = findBundle(session, id);
    if (!session.options.reveal) throw new ApiError(msg('app:api.revealUnsupported'));
    await session.options.reveal(bundle.path);
    return { revealed: true };
  }),
  'settings.get': channel(empty, async (_req, session): Promise<SettingsView> => settingsView(session)),
  'settings.set': channel(settingsSchema.partial().strict(), async (req, session): Promise<SettingsView> => {
    await session.updateSettings(req);
    return settingsView(session);
  }),
  // The channels below are typed now; their handlers call core as the Python, check and repair
  // parts land (see README "The desktop app" for what is wired).
  'pythons.list': channel(empty, async (): Promise<PythonRow[]> => notInBuild('pythons'), false),
  'check.run': channel(
    z.strictObject({ host: hostSchema, port: z.number().int().min(1).max(65535), pythonIds: z.array(pythonIdSchema).max(200) }),
    async (): Promise<CheckResult> => notInBuild('check'),
    false,
  ),
  'plan.make': channel(z.strictObject({ checkId: checkIdSchema }), async (): Promise<Plan> => notInBuild('repair'), false),
  'plan.rootUpdate': channel(empty, async (): Promise<Plan> => notInBuild('repair'), false),
  'plan.apply': channel(z.strictObject({ planId: planIdSchema }), async (): Promise<ApplyResult> => notInBuild('repair'), false),
  'history.list': channel(empty, async (): Promise<HistoryEntry[]> => notInBuild('history'), false),
  'history.undo': channel(z.strictObject({ id: historyIdSchema }), async (): Promise<{ undone: boolean }> => notInBuild('history'), false),
} satisfies Record<Channel, ChannelDef<z.ZodType, unknown>>;

export type ApiTable = typeof table;
export type RequestOf<C extends Channel> = z.input<ApiTable[C]['request']>;
export type ResponseOf<C extends Channel> = Awaited<ReturnType<ApiTable[C]['handler']>>;

function findBundle(session: Session, id: string) {
  const found = session.bundle(id);
  if (!found) throw new ApiError(msg('app:api.unknownBundle', { id }));
  return found;
}

async function settingsView(session: Session): Promise<SettingsView> {
  const ctx = await session.ctx().catch(() => undefined);
  const env = process.env;
  return {
    settings: session.settings,
    systemLanguage: pickLanguage(env.TRUSTFIX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? Intl.DateTimeFormat().resolvedOptions().locale),
    reference: ctx?.reference.info ?? null,
    referenceFileAvailable: Boolean(session.options.referenceFile),
    systemStore: ctx?.osStore.info ?? null,
    dataDir: session.options.dataDir,
    shell: session.options.shell,
    available: Object.entries(table)
      .filter(([, def]) => def.available)
      .map(([name]) => name),
  };
}
