// Small shared pieces: a translated core message, a status badge, a "not in this build" notice.
import { useTranslation } from 'react-i18next';
import type { Message } from '../../src-main/api/types.ts';
import { useSay } from '../i18n.ts';

export function Say({ message }: { message: Message | undefined }): React.JSX.Element | null {
  const say = useSay();
  return message ? <>{say(message)}</> : null;
}

export function StatusBadge({ status }: { status: string }): React.JSX.Element {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`common:status.${status}`, { defaultValue: t(`app:status.${status}`) })}</span>;
}

export function Problem({ message }: { message: Message | undefined }): React.JSX.Element | null {
  if (!message) return null;
  const notYet = message.code.startsWith('app:api.notInBuild');
  return (
    <div className={notYet ? 'notice notice-info' : 'notice notice-error'} role={notYet ? 'status' : 'alert'}>
      <Say message={message} />
    </div>
  );
}

export function formatDate(iso: string, lang: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(lang, { year: 'numeric', month: 'short', day: 'numeric' });
}
