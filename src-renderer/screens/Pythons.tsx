// Pythons: one row per interpreter, one column per client (urllib, requests, pip); each cell the
// source it trusts, what put that source in force, and its status.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PythonRow } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, StatusBadge, useBusy, usePythonLabel } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';

const CLIENTS = ['urllib', 'requests', 'pip'] as const;

export function PythonsScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const label = usePythonLabel();
  const { busy, problem, run } = useBusy();
  const [rows, setRows] = useState<PythonRow[] | null>(null);
  const load = useCallback(
    async (refresh: boolean) => {
      const r = await run(() => bridge.invoke('pythons.list', refresh ? { refresh: true } : {}));
      if (r) setRows(r);
    },
    [bridge, run],
  );
  useEffect(() => void load(false), [load]);
  return (
    <section className="screen" aria-labelledby="pythons-title">
      <header className="screen-head">
        <div>
          <h1 id="pythons-title">{t('pythons.title')}</h1>
          <p className="muted">{t('pythons.intro')}</p>
        </div>
        <button type="button" className="button" disabled={busy} onClick={() => void load(true)}>{t('pythons.refresh')}</button>
      </header>
      <Problem message={problem} />
      {busy && <p className="muted" role="status">{t('pythons.probing')}</p>}
      {rows && rows.length === 0 && <p className="empty">{t('pythons.none')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll static">
          <table className="plain pythons" data-testid="pythons">
            <thead>
              <tr>
                <th scope="col">{t('pythons.interpreter')}</th>
                {CLIENTS.map((c) => <th key={c} scope="col">{c}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-python={p.id}>
                  <td>
                    <strong>{label(p)}</strong>
                    <div className="muted path">{shown(p.executable)}</div>
                    {p.error && <div className="danger"><Say message={p.error} /></div>}
                  </td>
                  {CLIENTS.map((c) => {
                    const cell = p.clients[c];
                    if (!cell?.available) return <td key={c} className="muted" data-client={c}>{p.error ? '—' : t('pythons.notInstalled')}</td>;
                    return (
                      <td key={c} data-client={c} data-status={cell.status ?? 'unknown'}>
                        <StatusBadge status={cell.status ?? 'unknown'} />
                        {cell.version && <span className="muted"> {shown(cell.version)}</span>}
                        <div className="path">{cell.source === 'os-store' ? t('pythons.osStore') : shown(cell.source ?? '')}</div>
                        <div className="muted small">
                          {cell.steeredBy === 'default' ? t('pythons.byDefault') : <>{t('pythons.setBy')} <span className="path">{shown(cell.steeredBy ?? '')}</span></>}
                        </div>
                        {cell.reason && <div className="muted small"><Say message={cell.reason} /></div>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
