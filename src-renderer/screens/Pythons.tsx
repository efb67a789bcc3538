// Pythons: one row per interpreter, one column per client; each cell the source it trusts and its status.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message, PythonRow } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, StatusBadge } from '../components/common.tsx';

const CLIENTS = ['urllib', 'requests', 'pip'] as const;

export function PythonsScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [rows, setRows] = useState<PythonRow[] | null>(null);
  const [problem, setProblem] = useState<Message | undefined>();
  useEffect(() => {
    void bridge.invoke('pythons.list', {}).then((r) => (r.ok ? setRows(r.value) : setProblem(r.error)));
  }, [bridge]);
  return (
    <section className="screen" aria-labelledby="pythons-title">
      <header className="screen-head">
        <div>
          <h1 id="pythons-title">{t('pythons.title')}</h1>
          <p className="muted">{t('pythons.intro')}</p>
        </div>
      </header>
      <Problem message={problem} />
      {rows && rows.length === 0 && <p className="empty">{t('pythons.none')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll static">
          <table className="plain">
            <thead>
              <tr>
                <th>{t('pythons.interpreter')}</th>
                {CLIENTS.map((c) => <th key={c}>{c}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <strong>{p.label}</strong>
                    <div className="muted path">{p.executable}</div>
                    {p.error && <div className="danger"><Say message={p.error} /></div>}
                  </td>
                  {CLIENTS.map((c) => {
                    const cell = p.clients[c];
                    if (!cell?.available) return <td key={c} className="muted">{t('pythons.notInstalled')}</td>;
                    return (
                      <td key={c}>
                        <StatusBadge status={cell.status ?? 'unknown'} />
                        <div className="path">{cell.source === 'os-store' ? t('pythons.osStore') : cell.source}</div>
                        <div className="muted">{t('pythons.steeredBy', { by: cell.steeredBy })}</div>
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
