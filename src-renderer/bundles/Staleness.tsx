// What "stale" means for one bundle, in the app: a small grade badge for the table and the panel
// ("outdated" / "current enough", and "distrusted roots" when it still holds some), the grade's
// sentences from core, and the roots it lacks with when Mozilla added each (core: staleness.ts).
import { useTranslation } from 'react-i18next';
import type { Staleness, StalenessGrade } from '../../src-main/api/types.ts';
import { formatDate, Say } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';

export function GradeBadge({
  grade,
  distrusted = 0,
}: {
  grade: StalenessGrade | undefined;
  distrusted?: number | undefined;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!grade) return null;
  return (
    <>
      <span className={`badge badge-grade-${grade}`}>{t(`bundles:grade.${grade}`)}</span>
      {distrusted > 0 && <span className="badge badge-grade-distrusted">{t('bundles:grade.distrusted')}</span>}
    </>
  );
}

/** The grade and its sentences (what it lacks, since when, what else counts). */
export function StalenessSummary({ staleness }: { staleness: Staleness }): React.JSX.Element {
  return (
    <p className="staleness-summary">
      <GradeBadge grade={staleness.grade} distrusted={staleness.distrustedPresent} />{' '}
      {staleness.summary.map((m, i) => (
        <span key={i}>
          {i > 0 && ' '}
          <Say message={m} />
        </span>
      ))}
    </p>
  );
}

/** The roots it lacks: name, and when Mozilla added (or dropped) it. */
export function MissingRoots({ staleness }: { staleness: Staleness }): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const date = (iso: string): string => formatDate(iso, i18n.language);
  if (staleness.missing.length === 0) return null;
  return (
    <section className="staleness" aria-label={t('details.stalenessLabel')}>
      <h3>{t('details.missing', { count: staleness.missing.length })}</h3>
      <ul className="cert-list missing-roots">
        {staleness.missing.map((c) => (
          <li key={c.fingerprint} data-standing={c.standing}>
            <span className="cert-name">{shown(c.name)}</span>
            <span className={c.standing === 'settled' ? 'danger' : 'muted'}>
              {c.standing === 'dropped' && c.removedFromMozilla
                ? t('details.droppedOn', { date: date(c.removedFromMozilla) })
                : c.standing === 'covered'
                  ? t('details.covered')
                  : !c.addedToMozilla
                    ? t('details.undated')
                    : t(c.addedPrecision === 'nss' ? 'details.addedOn' : 'details.addedBy', {
                        date: date(c.addedToMozilla),
                      })}
              {c.standing === 'new' && ` · ${t('details.tooNew')}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Both, one after the other. */
export function StalenessView({ staleness }: { staleness: Staleness }): React.JSX.Element {
  return (
    <>
      <StalenessSummary staleness={staleness} />
      <MissingRoots staleness={staleness} />
    </>
  );
}
