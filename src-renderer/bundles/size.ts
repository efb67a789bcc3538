// A file's size as a person reads it ("234.1 KB"), with the exact count of bytes kept for a tip:
// the unit words come from the translation tables, the number from the language's own format.
type T = (key: string, params: Record<string, string>) => string;

export function humanSize(bytes: number, lang: string, t: T): { short: string; exact: string } {
  const number = (n: number, digits: number): string =>
    new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);
  const exact = t('details.exactBytes', { bytes: number(bytes, 0) });
  if (bytes < 1024) return { short: exact, exact };
  if (bytes < 1024 * 1024) return { short: t('details.kilobytes', { size: number(bytes / 1024, 1) }), exact };
  return { short: t('details.megabytes', { size: number(bytes / (1024 * 1024), 1) }), exact };
}
