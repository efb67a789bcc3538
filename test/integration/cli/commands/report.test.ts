// `trustfix report FILE...` merges real per-machine reports (issue 18): three `trustfix scan --json
// --no-disk` runs with three made-up homes (two with stale certifi copies, one current), each given
// its own hostname as three machines would have, merged as text, JSON and CSV; files that are not
// reports (cut short, another schema, not JSON, missing) are each said and left out, the rest merged.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trustfix } from '../../../helpers/cli.ts';
import { makeFakeHome, scanWithHome } from '../../../helpers/fakeHomeScan.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const root = tempDirForFile('trustfix-fleet-');
const files: Record<'a' | 'b' | 'c', string> = {
  a: join(root, 'host-a.json'),
  b: join(root, 'host-b.json'),
  // A name with a comma and quotes: the CSV must quote it (RFC 4180).
  c: join(root, 'host "c", office.json'),
};
const env = { TRUSTFIX_LANG: 'en', NO_COLOR: '1' };

interface Fleet {
  schema: number;
  kind: string;
  machines: Array<{ name: string; file: string; hostname: string; os: string; trustfixVersion: string }>;
  problems: Array<{ file: string; problem: { code: string } }>;
  clients: Array<{ client: string; fails: string[]; works: string[]; unknown: string[] }>;
  bundles: Array<{ key: string; status: string; machines: string[]; copies: number; paths: string[] }>;
  missingRoots: Array<{ fingerprint: string; name: string; machines: string[]; bundles: number }>;
}

beforeAll(async () => {
  const layouts = {
    a: ['certifi-2016.02.28.pem', 'certifi-2023.05.07.pem'],
    b: ['certifi-2016.02.28.pem', 'certifi-2026.05.20.pem'],
    c: ['certifi-2026.05.20.pem', 'certifi-2026.05.20.pem'],
  } as const;
  await Promise.all(
    (['a', 'b', 'c'] as const).map(async (m) => {
      const home = join(root, `home-${m}`, 'person');
      mkdirSync(home, { recursive: true });
      await makeFakeHome(home, ...layouts[m]);
      const run = await scanWithHome(home);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as { machine: { hostname: string } };
      report.machine.hostname = `host-${m}`; // three machines, not one machine three times
      writeFileSync(files[m], JSON.stringify(report, null, 2));
    }),
  );
}, 180_000);

/** RFC 4180 read back: quoted fields with doubled quotes, commas and line breaks inside, CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field).toBe(''); // the text ends with CRLF
  return rows;
}

describe('trustfix report', () => {
  it('--json: machines, clients failing where, stale bundles by owner and version, missing roots', async () => {
    const run = await trustfix(['report', '--json', files.a, files.b, files.c], { env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const fleet = JSON.parse(run.stdout) as Fleet;
    expect(fleet.schema).toBe(1);
    expect(fleet.kind).toBe('trustfix-fleet-report');
    expect(fleet.machines.map((m) => m.name)).toEqual(['host-a', 'host-b', 'host-c']);
    expect(fleet.problems).toEqual([]);

    // The user-site certifi 2016.02.28 is stale on a and b, not on c (2026.05.20 is the reference).
    const old = fleet.bundles.find((b) => b.key === 'certifi 2016.02.28');
    expect(old).toMatchObject({ status: 'stale', machines: ['host-a', 'host-b'], copies: 2 });
    expect(old!.paths).toEqual(['~/.local/lib/python3.11/site-packages/certifi/cacert.pem']);
    expect(fleet.bundles.find((b) => b.key === 'certifi 2023.05.07')).toMatchObject({ machines: ['host-a'] });
    expect(fleet.bundles.some((b) => b.key.includes('2026.05.20'))).toBe(false);

    // The venv's pip is absent (--without-pip); urllib of each Python is judged: the venv and the
    // system Python are both 3.11, so each machine counts once, with the worst of the two.
    const urllib = fleet.clients.find((c) => c.client === 'urllib (Python 3.11)');
    expect(urllib).toBeDefined();
    expect([...urllib!.fails, ...urllib!.works, ...urllib!.unknown].sort()).toEqual(['host-a', 'host-b', 'host-c']);
    const curl = fleet.clients.find((c) => c.client === 'curl');
    expect(curl).toBeDefined();

    // Missing roots: every root certifi 2016.02.28 lacks that 2026.05.20 has is counted on a and b.
    const first = (
      JSON.parse(readFileSync(files.a, 'utf8')) as {
        bundles: Array<{ owner: { version?: string }; details: { missing: Array<{ fingerprint: string }> } }>;
      }
    ).bundles.find((b) => b.owner.version === '2016.02.28')!.details.missing;
    expect(first.length).toBeGreaterThan(0);
    for (const { fingerprint } of first) {
      const root = fleet.missingRoots.find((r) => r.fingerprint === fingerprint);
      expect(root?.machines).toEqual(expect.arrayContaining(['host-a', 'host-b']));
    }
  });

  it('text: a translated summary (en and zh-CN)', async () => {
    const en = await trustfix(['report', files.a, files.b, files.c], { env });
    expect(en.exitCode).toBe(0);
    expect(en.stdout).toContain('Machines: 3 (host-a, host-b, host-c)');
    expect(en.stdout).toContain('Stale or broken bundles');
    expect(en.stdout).toMatch(/certifi 2016\.02\.28\s+│ stale\s+│ 2\s+│ 2\s+│ host-a, host-b/);
    const zh = await trustfix(['report', '--lang', 'zh-CN', files.a, files.b, files.c], { env });
    expect(zh.stdout).toContain('机器：3 台（host-a, host-b, host-c）');
    expect(zh.stdout).toContain('过期或损坏的证书包');
  });

  it('--csv: one row per machine and finding, parsed back (RFC 4180)', async () => {
    const run = await trustfix(['report', '--csv', files.a, files.b, files.c], { env, stripFinalNewline: false });
    expect(run.exitCode).toBe(0);
    const [head, ...rows] = parseCsv(run.stdout);
    expect(head).toEqual(['machine', 'file', 'kind', 'what', 'status', 'detail']);
    expect(rows.every((r) => r.length === 6)).toBe(true);
    expect(rows).toContainEqual([
      'host-a',
      files.a,
      'bundle',
      'certifi 2016.02.28',
      'stale',
      '~/.local/lib/python3.11/site-packages/certifi/cacert.pem',
    ]);
    // The file name with a comma and quotes comes back whole.
    expect(rows.filter((r) => r[0] === 'host-c').every((r) => r[1] === files.c)).toBe(true);
    expect(rows.some((r) => r[0] === 'host-c' && r[2] === 'client')).toBe(true);
    expect(rows.some((r) => r[0] === 'host-c' && r[3] === 'certifi 2016.02.28')).toBe(false);
    expect(rows.filter((r) => r[2] === 'missing-root' && r[0] === 'host-b').length).toBeGreaterThan(0);
  });

  it('a file that is not a report is said (translated) and left out; the rest merged; exit 1', async () => {
    const text = readFileSync(files.a, 'utf8');
    const cut = join(root, 'cut.json');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const older = join(root, 'older.json');
    writeFileSync(older, JSON.stringify({ ...JSON.parse(text), schema: 1 }));
    const other = join(root, 'package.json');
    writeFileSync(other, JSON.stringify({ name: 'x', version: '1.0.0' }));
    const damaged = join(root, 'damaged.json');
    writeFileSync(damaged, JSON.stringify({ ...JSON.parse(text), machine: undefined }));
    const missing = join(root, 'missing.json');
    const args = ['report', '--json', cut, files.a, older, other, files.b, damaged, missing];

    const run = await trustfix(args, { env });
    expect(run.exitCode).toBe(1);
    const fleet = JSON.parse(run.stdout) as Fleet;
    expect(fleet.machines.map((m) => m.name)).toEqual(['host-a', 'host-b']);
    expect(fleet.problems.map((p) => [p.file, p.problem.code])).toEqual([
      [cut, 'bundles:fleet.notJson'],
      [older, 'bundles:fleet.otherSchema'],
      [other, 'bundles:fleet.notAReport'],
      [damaged, 'bundles:fleet.badReport'],
      [missing, 'bundles:fleet.unreadable'],
    ]);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${cut}: not a TrustFix report (not JSON, or cut short); left out.`,
      `${older}: a report of schema 1, and this TrustFix reads schema 2: scan that machine again with this version; left out.`,
      `${other}: not a TrustFix report (write one with \`trustfix scan --json > FILE\`); left out.`,
      `${damaged}: a TrustFix report with a damaged or missing part (machine); left out.`,
      `${missing}: cannot be read (ENOENT); left out.`,
    ]);

    const zh = await trustfix(['report', '--lang', 'zh-CN', cut, files.a], { env });
    expect(zh.exitCode).toBe(1);
    expect(zh.stderr).toContain(`${cut}：不是 TrustFix 报告（不是 JSON，或被截断）；已略过。`);
    expect(zh.stdout).toContain('机器：1 台（host-a）');

    const csv = await trustfix(['report', '--csv', missing, files.a], { env, stripFinalNewline: false });
    expect(csv.exitCode).toBe(1);
    expect(parseCsv(csv.stdout)).toContainEqual([
      '',
      missing,
      'unreadable',
      '',
      'error',
      `${missing}: cannot be read (ENOENT); left out.`,
    ]);
  });
});
