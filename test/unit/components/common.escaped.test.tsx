// The app shows odd names escaped (issue 12): React already escapes HTML, but a newline, an escape
// sequence or a bidi override (U+202E) in a path would still fake a line or reorder the words of a
// plan. The real components, rendered to markup with the app's own translator.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerText } from '../../../src-renderer/bundles/BundleTable.tsx';
import { Say } from '../../../src-renderer/components/common.tsx';
import { PlanSteps } from '../../../src-renderer/components/PlanView.tsx';
import { setupI18n } from '../../../src-renderer/i18n.ts';
import type { BundleRow, Plan } from '../../../src-main/api/types.ts';

const EVIL = '/tmp/x\nTrustFix: all good\u001b[2J\u202egnp.exe/cacert.pem';
const SHOWN = '/tmp/x\\nTrustFix: all good\\e[2J\\u202egnp.exe/cacert.pem';
// eslint-disable-next-line no-control-regex -- matching raw control characters is the point
const RAW = /[\u0000-\u001f\u202e]/;

let i18n: ReturnType<typeof setupI18n>;
beforeAll(() => {
  i18n = setupI18n();
  void i18n.changeLanguage('en');
});

describe('the renderer shows names escaped', () => {
  it("a core message's path parameter (every t() call goes through the same escape)", () => {
    const html = renderToStaticMarkup(<Say message={{ code: 'repair:refused.notAFinding', params: { path: EVIL } }} />);
    expect(html).toContain(SHOWN);
    expect(html).not.toMatch(RAW);
    expect(i18n.t('repair:undo.restoreBytes', { path: EVIL })).toContain(SHOWN);
  });

  it("a program's own words keep their lines but lose escape sequences and bidi overrides", () => {
    const html = renderToStaticMarkup(
      <Say
        message={{
          code: 'repair:verify.readBackFailed',
          params: { command: 'pip config', expected: EVIL, output: 'line 1\nline 2\u001b[31m\u202e' },
        }}
      />,
    );
    expect(html).toContain('<span class="verbatim" lang="en">line 1\nline 2\\e[31m\\u202e</span>');
    expect(html).toContain(SHOWN);
  });

  it("a plan's step, its place and a refused path", () => {
    const plan: Plan = {
      planId: 'p1',
      origin: 'bundle',
      needsAdmin: false,
      confirm: [],
      notes: [],
      refused: [{ what: EVIL, reason: { code: 'repair:refused.notAFinding', params: { path: EVIL } } }],
      steps: [
        {
          id: 'a1',
          kind: 'append',
          what: { code: 'repair:what.append', params: { count: 1, names: 'Evil\u202eAC', path: EVIL } },
          where: EVIL,
          why: { code: 'repair:why.userAppend', params: { why: '-' } },
          needsAdmin: false,
          undo: { code: 'repair:undo.restoreBytes', params: { path: EVIL } },
          notes: [],
          optional: false,
          selected: true,
          readers: [],
        },
      ],
    };
    const html = renderToStaticMarkup(<PlanSteps plan={plan} />);
    expect(html).not.toMatch(RAW);
    expect(html).toContain(`to ${SHOWN}`);
    expect(html).toContain('Evil\\u202eAC');
    expect(html).toContain(`<span class="path">${SHOWN}</span>`);
    // The place is said inside the sentence already: it is not repeated below it.
    expect(html).not.toContain(`<dd class="path">`);
  });

  it("a bundle's owner version, read from a package file beside it", () => {
    const row = { owner: { kind: 'certifi', version: '2024.1\u001b[2J' } } as unknown as BundleRow;
    expect(ownerText(row, (k) => i18n.t(k))).toBe('certifi 2024.1\\e[2J');
  });
});
