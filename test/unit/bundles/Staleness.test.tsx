// The app shows the staleness grade (issue 13): a badge beside "stale" in the bundles table, and in
// the panel the grade's sentences and each missing root with when Mozilla added it. The real
// components, rendered with the app's own translator, on a real bundle judged by core.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatusCell } from '../../../src-renderer/bundles/BundleTable.tsx';
import { StalenessView } from '../../../src-renderer/bundles/Staleness.tsx';
import { setupI18n } from '../../../src-renderer/i18n.ts';
import { CertIndex } from '../../../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../../../src-main/core/certs/readBundle.ts';
import { judgeBundle } from '../../../src-main/core/bundles/judge.ts';
import type { Staleness } from '../../../src-main/core/bundles/staleness.ts';
import { fileReference } from '../../../src-main/core/trust/reference.ts';
import { FIXTURES } from '../../helpers/cli.ts';

// Node 24.21's tls.rootCertificates (NSS 3.126), published bytes: the reference, fixed whatever Node runs the tests.
const NODE24 = fileURLToPath(new URL('../../fixtures/runtime/node24.21-tls-rootCertificates.pem', import.meta.url));

let i18n: ReturnType<typeof setupI18n>;
const graded: Record<string, Staleness> = {};
beforeAll(async () => {
  i18n = setupI18n();
  const index = new CertIndex();
  const reader = new BundleReader(index);
  const ref = await fileReference(NODE24, reader, index);
  if (!ref.ok) throw new Error('reference');
  for (const name of ['certifi-2026.05.20.pem', 'certifi-2018.08.24.pem']) {
    graded[name] = judgeBundle(
      reader.parse(readFileSync(`${FIXTURES}${name}`)),
      index,
      ref.reference,
      new Date('2026-12-03'),
    ).staleness!;
  }
});

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');

describe('the app shows the staleness grade', () => {
  it('in the table: the grade beside "stale", nothing beside "current"', async () => {
    await i18n.changeLanguage('en');
    expect(text(renderToStaticMarkup(<StatusCell row={{ status: 'stale', grade: 'current-enough' }} />))).toBe(
      'stale current enough',
    );
    expect(renderToStaticMarkup(<StatusCell row={{ status: 'stale', grade: 'outdated' }} />)).toContain(
      'class="badge badge-grade-outdated">outdated<',
    );
    expect(text(renderToStaticMarkup(<StatusCell row={{ status: 'current' }} />))).toBe('current ');
    await i18n.changeLanguage('zh-CN');
    expect(text(renderToStaticMarkup(<StatusCell row={{ status: 'stale', grade: 'outdated' }} />))).toBe('过期 已落后');
  });

  it('in the panel: certifi 2026.05.20 is current enough, and names the 4 roots NSS 3.126 added with their date', async () => {
    await i18n.changeLanguage('en');
    const html = renderToStaticMarkup(<StalenessView staleness={graded['certifi-2026.05.20.pem']!} />);
    expect(text(html)).toContain(
      'current enough lacks only 4 root(s) Mozilla added in the last 12 months (2026-07), too new for public sites to depend on.',
    );
    for (const name of [
      'SECOM TLS RSA Root CA 2024',
      'SECOM TLS ECC Root CA 2024',
      'Telia EC TLS Root CA v3',
      'Telia RSA TLS Root CA v3',
    ]) {
      expect(text(html)).toContain(`${name}added to Mozilla's list Jul 17, 2026 · too new to count`);
    }
    await i18n.changeLanguage('zh-CN');
    const zh = text(renderToStaticMarkup(<StalenessView staleness={graded['certifi-2026.05.20.pem']!} />));
    expect(zh).toContain('够新');
    expect(zh).toContain('2026年7月17日 加入 Mozilla 列表');
  });

  it('in the panel: certifi 2018.08.24 is outdated, holds distrusted roots, and marks the roots that count', async () => {
    await i18n.changeLanguage('en');
    const html = renderToStaticMarkup(<StalenessView staleness={graded['certifi-2018.08.24.pem']!} />);
    expect(html).toContain('badge-grade-outdated');
    expect(html).toContain('badge-grade-distrusted');
    expect(text(html)).toContain('lacks 59 root(s) Mozilla has listed for over 12 months (added 2019-06 – 2025-10)');
    expect(text(html)).toContain('Missing against the reference (66)');
    expect(html.match(/data-standing="settled"/g)).toHaveLength(59);
    expect(text(html)).toContain("ISRG Root X2in Mozilla's list by Dec 7, 2022");
  });
});
