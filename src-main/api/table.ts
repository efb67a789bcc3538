// The API: one table, channel name -> request schema -> handler in core. Electron's ipcMain and the
// browser bridge both serve exactly this table (see dispatch.ts). Adding a channel is one entry here
// (and its name in channels.ts). Requests name things by id; every schema is strict, so a request
// carrying anything else (a path, a command) is refused before a handler sees it.
import { z } from 'zod';
import { pickLanguage } from '../../assets/locales/resources.ts';
import { msg, Problem } from '../core/messages.ts';
import type { Channel } from './channels.ts';
import { bundleDetails, bundlePem, toRow } from './details.ts';
import { applyPlanById, historyList, historyUndo, storeUpload } from './applyApi.ts';
import { runCheck } from './checkApi.ts';
import { loadClients } from './clientsApi.ts';
import type { ToolClient } from '../core/clients/types.ts';
import {
  bundleIdSchema,
  checkIdSchema,
  fileNameSchema,
  fingerprintSchema,
  historyIdSchema,
  hostSchema,
  planIdSchema,
  pythonIdSchema,
  stepIdSchema,
  uploadIdSchema,
} from './ids.ts';
import { planBundleAppend, planBundleRefresh, planFromCheck, planRootUpdate, planUseOsStoreFor } from './planApi.ts';
import { loadPythons, sortPythons, toPythonRow, usedByOf } from './pythonsApi.ts';
import { cancelScan, startScan } from './scanRunner.ts';
import { planTrustRoot } from './trustApi.ts';
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
  UploadResult,
} from './types.ts';

export interface ChannelDef<S extends z.ZodType, R> {
  request: S;
  handler: (request: z.infer<S>, session: Session) => Promise<R>;
}

function channel<S extends z.ZodType, R>(
  request: S,
  handler: (request: z.infer<S>, session: Session) => Promise<R>,
): ChannelDef<S, R> {
  return { request, handler };
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
    const all = session.allBundles();
    for (const v of all) summary[v.status]++;
    const rows = all.map((v) => toRow(v, usedByOf(v, session)));
    if (!slot) return { scanId: null, state: rows.length ? 'done' : 'idle', at: null, rows, summary };
    return {
      scanId: slot.id,
      state: slot.state,
      at: slot.at,
      rows,
      summary,
      ...(slot.error ? { error: slot.error } : {}),
    };
  }),
  'bundle.details': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session): Promise<BundleDetails> => {
    const v = findBundle(session, id);
    return bundleDetails(v, await session.ctx(), Boolean(session.options.reveal), usedByOf(v, session));
  }),
  'bundle.exportPem': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session) =>
    bundlePem(findBundle(session, id), await session.ctx()),
  ),
  'bundle.reveal': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session) => {
    const bundle = findBundle(session, id);
    if (!session.options.reveal) throw new Problem(msg('app:api.revealUnsupported'));
    await session.options.reveal(bundle.path);
    return { revealed: true };
  }),
  'settings.get': channel(empty, async (_req, session): Promise<SettingsView> => settingsView(session)),
  'settings.set': channel(settingsSchema.partial().strict(), async (req, session): Promise<SettingsView> => {
    await session.updateSettings(req);
    return settingsView(session);
  }),
  'bundle.planRefresh': channel(z.strictObject({ id: bundleIdSchema }), async ({ id }, session): Promise<Plan> =>
    planBundleRefresh(session, id),
  ),
  'bundle.planAppend': channel(
    z.strictObject({ id: bundleIdSchema, uploadId: uploadIdSchema }),
    async ({ id, uploadId }, session): Promise<Plan> => planBundleAppend(session, id, uploadId),
  ),
  // The bytes of a file the user picked (at most 48 KB of PEM text), never its path.
  'upload.pem': channel(
    z.strictObject({
      name: fileNameSchema,
      text: z
        .string()
        .min(1)
        .max(48 * 1024),
    }),
    async ({ name, text }, session): Promise<UploadResult> => storeUpload(session, name, text),
  ),
  'pythons.list': channel(
    z.strictObject({ refresh: z.boolean().optional() }),
    async ({ refresh }, session): Promise<PythonRow[]> =>
      sortPythons((await loadPythons(session, refresh === true)).map(toPythonRow)),
  ),
  'clients.list': channel(
    z.strictObject({ refresh: z.boolean().optional() }),
    async ({ refresh }, session): Promise<ToolClient[]> => loadClients(session, refresh === true),
  ),
  'check.run': channel(
    z.strictObject({
      host: hostSchema,
      port: z.number().int().min(1).max(65535),
      pythonIds: z.array(pythonIdSchema).min(1).max(200),
    }),
    async (req, session): Promise<CheckResult> => runCheck(session, req),
  ),
  // focus: the interpreter the pasted error came from; the plan is for it alone (safety rule 7, docs/safety-rules.md).
  // uploadId: the root file the user has (upload.pem), for a server that does not send its root.
  'plan.make': channel(
    z.strictObject({
      checkId: checkIdSchema,
      confirmed: z.array(fingerprintSchema).max(20).optional(),
      focus: pythonIdSchema.optional(),
      uploadId: uploadIdSchema.optional(),
    }),
    async ({ checkId, confirmed, focus, uploadId }, session): Promise<Plan> =>
      planFromCheck(session, checkId, confirmed ?? [], focus, uploadId),
  ),
  // "Trust this root for every tool": the root of an intercepted row of that check, by its SHA-256.
  'plan.trustRoot': channel(
    z.strictObject({ checkId: checkIdSchema, fingerprint: fingerprintSchema }),
    async ({ checkId, fingerprint }, session): Promise<Plan> => planTrustRoot(session, checkId, fingerprint),
  ),
  // A Pythons row's "Use the system's certificate store": the interpreter by its id, nothing else.
  'plan.useOsStore': channel(
    z.strictObject({ pythonId: pythonIdSchema }),
    async ({ pythonId }, session): Promise<Plan> => planUseOsStoreFor(session, pythonId),
  ),
  'plan.rootUpdate': channel(
    z.strictObject({ mode: z.enum(['refresh', 'merged']).optional() }),
    async ({ mode }, session): Promise<Plan> => planRootUpdate(session, mode ?? 'refresh'),
  ),
  // steps: the ticked step ids (default: the plan's narrow steps; optional ones only when ticked).
  'plan.apply': channel(
    z.strictObject({ planId: planIdSchema, steps: z.array(stepIdSchema).max(200).optional() }),
    async ({ planId, steps }, session): Promise<ApplyResult> => applyPlanById(session, planId, steps),
  ),
  'history.list': channel(empty, async (_req, session): Promise<HistoryEntry[]> => historyList(session)),
  'history.undo': channel(z.strictObject({ id: historyIdSchema }), async ({ id }, session) => historyUndo(session, id)),
} satisfies Record<Channel, ChannelDef<z.ZodType, unknown>>;

export type ApiTable = typeof table;
export type RequestOf<C extends Channel> = z.input<ApiTable[C]['request']>;
export type ResponseOf<C extends Channel> = Awaited<ReturnType<ApiTable[C]['handler']>>;

function findBundle(session: Session, id: string) {
  const found = session.bundle(id);
  if (!found) throw new Problem(msg('app:api.unknownBundle', { id }));
  return found;
}

async function settingsView(session: Session): Promise<SettingsView> {
  const ctx = await session.ctx().catch(() => undefined);
  const env = process.env;
  return {
    settings: session.settings,
    systemLanguage: pickLanguage(
      env.TRUSTFIX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? Intl.DateTimeFormat().resolvedOptions().locale,
    ),
    reference: ctx?.reference.info ?? null,
    referenceFileAvailable: Boolean(session.options.referenceFile),
    systemStore: ctx?.osStore.info ?? null,
    dataDir: session.options.dataDir,
    shell: session.options.shell,
  };
}
