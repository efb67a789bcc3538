// One bundle opened: its certificates with expiry, what is missing against the reference, and what
// can be done (refresh, append, export, show in folder).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleDetails, Message } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { formatDate, Problem, Say, StatusBadge } from '../components/common.tsx';
import { BundleActions } from './BundleActions.tsx';
import { MissingRoots, StalenessSummary } from './Staleness.tsx';
import { ownerText, usedByText } from './BundleTable.tsx';
import { shown } from '../../assets/locales/shown.ts';
import { humanSize } from './size.ts';

export function BundleDetailsPanel({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}): React.JSX.Element {
  const bridge = useBridge();
  const { t, i18n } = useTranslation();
  const [details, setDetails] = useState<BundleDetails | null>(null);
  const [problem, setProblem] = useState<Message | undefined>();
  const load = useCallback(() => {
    void bridge.invoke('bundle.details', { id }).then((r) => (r.ok ? setDetails(r.value) : setProblem(r.error)));
  }, [bridge, id]);
  useEffect(() => {
    setDetails(null);
    setProblem(undefined);
    load();
  }, [load]);
  // Escape closes the panel from anywhere on the screen (the caller puts focus back on the row).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  const changed = (): void => {
    load();
    onChanged();
  };

  const exportPem = async (): Promise<void> => {
    const r = await bridge.invoke('bundle.exportPem', { id });
    if (!r.ok) return setProblem(r.error);
    const url = URL.createObjectURL(new Blob([r.value.pem], { type: 'application/x-pem-file' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const reveal = async (): Promise<void> => {
    const r = await bridge.invoke('bundle.reveal', { id });
    if (!r.ok) setProblem(r.error);
  };

  return (
    <aside className="details" aria-labelledby="details-title">
      <header className="details-head">
        <h2 id="details-title">{t('details.title')}</h2>
        <button type="button" className="button ghost" onClick={onClose} aria-label={t('details.close')}>
          ✕
        </button>
      </header>
      <Problem message={problem} />
      {!details && !problem && <p className="muted">{t('common.loading')}</p>}
      {details && (
        <>
          <p className="details-path">{shown(details.row.path)}</p>
          <p>
            <StatusBadge status={details.row.status} /> <Say message={details.row.reason} />
          </p>
          {details.staleness && <StalenessSummary staleness={details.staleness} />}
          <dl className="facts">
            <dt>{t('bundles.col.owner')}</dt>
            <dd>{ownerText(details.row, t)}</dd>
            <dt>{t('bundles.col.certificates')}</dt>
            <dd>{details.row.certificates}</dd>
            <dt>{t('details.size')}</dt>
            <dd>
              <SizeInfo bytes={details.size} />
            </dd>
            <dt>{t('bundles.col.usedBy')}</dt>
            <dd>{usedByText(details.row, t) || t('details.usedByNobody')}</dd>
          </dl>
          <BundleActions
            id={id}
            path={details.row.path}
            canRefresh={details.actions.includes('refresh')}
            canAppend={details.actions.includes('append')}
            onChanged={changed}
          >
            {details.actions.includes('export') && (
              <button type="button" className="button" onClick={() => void exportPem()}>
                {t('details.export')}
              </button>
            )}
            {details.actions.includes('reveal') && (
              <button type="button" className="button" onClick={() => void reveal()}>
                {t('details.reveal')}
              </button>
            )}
          </BundleActions>
          {/* A file that is not a trust list lacks every root by count; that count means nothing. */}
          {(details.row.status === 'broken' || details.row.status === 'not-a-bundle') && (
            <p className="notice notice-info" data-testid="not-a-bundle">
              {t(details.certificates.length === 0 ? 'details.noCertificatesRead' : 'details.notATrustList')}
            </p>
          )}
          {details.staleness && <MissingRoots staleness={details.staleness} />}
          {!details.staleness &&
            (details.row.status === 'current' || details.row.status === 'stale') &&
            details.missing.length > 0 && (
              <section>
                <h3>{t('details.missing', { count: details.missing.length })}</h3>
                <ul className="cert-list">
                  {details.missing.map((c) => (
                    <li key={c.fingerprint}>
                      <span className="cert-name">{shown(c.name)}</span>
                      <span className="muted">
                        {t('details.until', { date: formatDate(c.notAfter, i18n.language) })}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          {details.certificates.length > 0 && (
            <section>
              <h3>{t('details.certificates', { count: details.certificates.length })}</h3>
              <ul className="cert-list">
                {details.certificates.map((c) => (
                  <li key={c.fingerprint} className={c.expired ? 'expired' : undefined}>
                    <span className="cert-name">{shown(c.name)}</span>
                    <span className={c.expired ? 'danger' : 'muted'}>
                      {c.expired
                        ? t('details.expiredOn', { date: formatDate(c.notAfter, i18n.language) })
                        : t('details.until', { date: formatDate(c.notAfter, i18n.language) })}
                      {!c.inReference && !c.expired ? ` · ${t('details.notInReference')}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </aside>
  );
}

/** "234.1 KB", and the exact bytes on hover and keyboard focus (read out by screen readers too). */
function SizeInfo({ bytes }: { bytes: number }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const size = humanSize(bytes, i18n.language, (key, params) => t(key, params));
  return (
    <span className="size-info" tabIndex={0} data-testid="size">
      <span className="size-short">{size.short}</span>
      {size.short !== size.exact && <span className="size-exact"> ({size.exact})</span>}
    </span>
  );
}
