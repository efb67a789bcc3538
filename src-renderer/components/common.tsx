// Small shared pieces: a translated core message, a status badge, a "not in this build" notice.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shown } from '../../assets/locales/shown.ts';
import type { Message } from '../../src-main/api/types.ts';

/** Parameters that carry a program's own words (Python's error, a tool's output): shown as they were
 * said (their lines kept, other control characters escaped), marked as English for screen readers,
 * inside the translated sentence. Every other parameter is escaped by the translator (i18n.ts). */
const VERBATIM = ['detail', 'output'] as const;
/** A certificate's name inside a sentence (a missing or distrusted root): a name, not words to
 * translate, shown like the certificate lists show names. */
const NAMES = ['name'] as const;
/** A private-use character: not one shown() escapes, so the marks survive the translator. */
const MARK = '\ue000';

export function Say({ message }: { message: Message | undefined }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!message) return null;
  const params: Record<string, unknown> = { ...(message.params ?? {}) };
  const marked = [...VERBATIM, ...NAMES].filter((k) => typeof params[k] === 'string' && params[k] !== '');
  if (marked.length === 0) return <>{t(message.code, params) as string}</>;
  for (const k of marked) params[k] = `${MARK}${k}${MARK}`;
  const parts = (t(message.code, params) as string).split(MARK);
  const value = (key: string): string => String(message.params?.[key] ?? '');
  // Odd parts are the marked parameter names; even parts the translated sentence around them.
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && (VERBATIM as readonly string[]).includes(part) && marked.includes(part as never) ? (
          <span key={i} className="verbatim" lang="en">
            {shown(value(part), true)}
          </span>
        ) : i % 2 === 1 && (NAMES as readonly string[]).includes(part) && marked.includes(part as never) ? (
          <span key={i} className="cert-name">
            {shown(value(part))}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function StatusBadge({ status }: { status: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`}>
      {t(`common:status.${status}`, { defaultValue: t(`app:status.${status}`) })}
    </span>
  );
}

export function Problem({ message }: { message: Message | undefined }): React.JSX.Element | null {
  if (!message) return null;
  return (
    <div className="notice notice-error" role="alert">
      <Say message={message} />
    </div>
  );
}

/** "Python 3.12.1 (venv)" in the user's language. The space before the bracket is in the translation:
 * English has one, beside Chinese full-width brackets there is none. */
export function usePythonLabel(): (p: { version?: string | undefined; isVenv?: boolean | undefined }) => string {
  const { t } = useTranslation();
  return (p) =>
    `${t('pythons.label', { version: p.version ?? t('pythons.unknownVersion') })}${p.isVenv ? t('pythons.venv') : ''}`;
}

/** A call in progress, its failure, and a runner that sets both. */
export function useBusy(): {
  busy: boolean;
  problem: Message | undefined;
  setProblem: (m: Message | undefined) => void;
  run: <T>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: Message }>) => Promise<T | undefined>;
} {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Message | undefined>();
  const run = useCallback(
    async <T,>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: Message }>): Promise<T | undefined> => {
      setBusy(true);
      setProblem(undefined);
      try {
        const r = await work();
        if (r.ok) return r.value;
        setProblem(r.error);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, problem, setProblem, run };
}

export function formatDate(iso: string, lang: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString(lang, { year: 'numeric', month: 'short', day: 'numeric' });
}
