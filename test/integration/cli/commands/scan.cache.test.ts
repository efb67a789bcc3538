// The scan cache (issue 16: "a cached rescan of everything"): a `scan` right after a `scan` reuses the
// disk search and the parse of every file that is still the same file, and says so; what it reports
// is otherwise the same as a scan without the cache, file by file, for this run's reference and date.
// Before the cache, the second scan searched and read everything again and had no `discovery.cache`.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const OLD = `${FIXTURES}certifi-2016.02.28.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const AT = '2026-11-23';

interface Report {
  bundles: Array<{
    path: string;
    status: string;
    certificates: number;
    expired: number;
    contentHash: string;
    foundBy?: string[];
    reason: { code: string };
  }>;
  discovery: {
    cache?: { walk: string; walkedAt?: string; filesReused: number; filesRead: number; ignored?: string; file: string };
  } & Record<string, unknown>;
  timing?: unknown;
}

let dir: string;
let root: string;
let data: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('trustfix-scan-cache-'));
  root = join(dir, 'root');
  data = join(dir, 'data');
  mkdirSync(join(root, 'a'), { recursive: true });
  mkdirSync(join(root, 'venv', 'lib', 'certifi'), { recursive: true });
  copyFileSync(REF, join(root, 'a', 'cacert.pem'));
  copyFileSync(OLD, join(root, 'venv', 'lib', 'certifi', 'cacert.pem'));
  // Whole seconds, so a test can put an mtime back exactly (Node sets times to the microsecond only).
  utimesSync(join(root, 'a', 'cacert.pem'), 1_780_000_000, 1_780_000_000);
  // A link to the first (one file, reported once) and a FIFO named like a bundle (never cached, never waited on).
  symlinkSync(join(root, 'a', 'cacert.pem'), join(root, 'cert.pem'));
  execFileSync('mkfifo', [join(root, 'ca-bundle.crt')]);
});
afterEach(() => cleanup());

async function scan(extra: string[] = [], at = AT): Promise<Report> {
  const run = await trustfix(
    [
      'scan',
      '--root',
      root,
      '--data-dir',
      data,
      '--no-index',
      '--no-pythons',
      '--no-clients',
      '--json',
      '--reference',
      REF,
      '--system-store',
      STORE,
      '--at',
      at,
      ...extra,
    ],
    { timeout: 60_000 },
  );
  expect([0, 1], run.stderr).toContain(run.exitCode);
  return JSON.parse(run.stdout) as Report;
}

/** The report without what differs between any two runs (durations) and the cache's own account. */
function comparable(report: Report): Report {
  const { timing: _timing, ...rest } = report;
  const { cache: _cache, ...discovery } = report.discovery;
  return { ...rest, discovery };
}

const paths = (r: Report): string[] => r.bundles.map((b) => b.path.slice(root.length + 1)).sort();

describe('a scan right after a scan', () => {
  it('reuses the disk search and every unchanged file, and reports exactly what a fresh scan reports', async () => {
    const first = await scan();
    expect(first.discovery.cache).toMatchObject({ walk: 'fresh', filesReused: 0, filesRead: 4 });
    expect(paths(first)).toEqual(['a/cacert.pem', 'ca-bundle.crt', 'venv/lib/certifi/cacert.pem']);
    const second = await scan();
    // The two files (three paths, with the link) are not read again; the FIFO is never cached (judged
    // afresh: broken, at once).
    expect(second.discovery.cache).toMatchObject({
      walk: 'reused',
      walkedAt: first.discovery.cache!.walkedAt,
      filesReused: 3,
      filesRead: 1,
    });
    expect(comparable(second)).toEqual(comparable(first));
    const uncached = await scan(['--no-scan-cache']);
    expect(uncached.discovery.cache).toBeUndefined();
    expect(comparable(uncached).bundles).toEqual(first.bundles);
  });

  it('says in the table, in English and in Chinese, that the search was reused and how to search again', async () => {
    await scan();
    const common = [
      'scan',
      '--root',
      root,
      '--data-dir',
      data,
      '--no-index',
      '--no-pythons',
      '--no-clients',
      '--reference',
      REF,
      '--system-store',
      STORE,
      '--at',
      AT,
      '--no-color',
    ];
    const en = await trustfix(common);
    // "a moment ago" within the minute (as here, nearly always), else "N min ago".
    expect(en.stdout).toMatch(
      /The disk search is the one from (a moment|\d+ min) ago \(\d\d:\d\d\), reused: the known places were looked at again and 3 unchanged file\(s\) were not read again\. Run trustfix scan --rewalk to search the disk now\./,
    );
    const zh = await trustfix([...common, '--lang', 'zh-CN']);
    expect(zh.stdout).toMatch(
      /沿用了(刚才| \d+ 分钟前)（\d\d:\d\d）的磁盘搜索结果：常见位置已重新查看，3 个未改动的文件没有重新读取。运行 trustfix scan --rewalk 可立即重新搜索磁盘。/,
    );
  });

  it('does not see a file placed in a searched folder until the disk is searched again (--rewalk, or the age passes)', async () => {
    await scan();
    mkdirSync(join(root, 'later'));
    copyFileSync(REF, join(root, 'later', 'cacert.pem'));
    const reused = await scan();
    expect(reused.discovery.cache?.walk).toBe('reused');
    expect(paths(reused)).not.toContain('later/cacert.pem');
    const rewalked = await scan(['--rewalk']);
    expect(rewalked.discovery.cache?.walk).toBe('fresh');
    expect(paths(rewalked)).toContain('later/cacert.pem');
    // The new search is the one kept: the next scan reuses it, with the new file.
    mkdirSync(join(root, 'later2'));
    copyFileSync(REF, join(root, 'later2', 'cacert.pem'));
    const next = await scan();
    expect(next.discovery.cache).toMatchObject({ walk: 'reused', walkedAt: rewalked.discovery.cache!.walkedAt });
    expect(paths(next)).toContain('later/cacert.pem');
    expect(paths(next)).not.toContain('later2/cacert.pem');
    const aged = await scan(['--walk-max-age', '0']);
    expect(aged.discovery.cache?.walk).toBe('fresh');
    expect(paths(aged)).toContain('later2/cacert.pem');
  });

  it('reads and judges again a bundle changed in place, even with the same size and the old mtime put back', async () => {
    const file = join(root, 'a', 'cacert.pem');
    const first = await scan();
    const before = statSync(file, { bigint: true });
    // One character of the first certificate's signature, changed: same size, different certificate.
    const text = readFileSync(file, 'latin1');
    const at = text.indexOf('-----END CERTIFICATE-----') - 40;
    writeFileSync(file, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1), 'latin1');
    utimesSync(file, 1_780_000_000, 1_780_000_000);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
    expect(statSync(file).size).toBe(Number(before.size));
    const second = await scan();
    expect(second.discovery.cache).toMatchObject({ walk: 'reused', filesReused: 1, filesRead: 3 });
    const was = first.bundles.find((b) => b.path === file)!;
    const now = second.bundles.find((b) => b.path === file)!;
    expect(now.contentHash).not.toBe(was.contentHash);
    expect(now.status).toBe('stale');
    expect(was.status).toBe('current');
    // Exactly what a scan without the cache says about the file now.
    const uncached = await scan(['--no-scan-cache']);
    expect(second.bundles).toEqual(uncached.bundles);
  });

  it('drops a bundle that vanished since the search', async () => {
    await scan();
    rmSync(join(root, 'venv'), { recursive: true });
    const second = await scan();
    expect(second.discovery.cache?.walk).toBe('reused');
    expect(paths(second)).toEqual(['a/cacert.pem', 'ca-bundle.crt']);
    expect(second.bundles).toEqual((await scan(['--rewalk'])).bundles);
  });

  it("judges against this run's date and reference: only the parse is reused, never a verdict", async () => {
    const first = await scan();
    const later = await scan([], '2040-01-01');
    expect(later.discovery.cache).toMatchObject({ walk: 'reused', filesReused: 3 });
    const uncached = await scan(['--no-scan-cache'], '2040-01-01');
    expect(later.bundles).toEqual(uncached.bundles);
    const expired = (r: Report): number => r.bundles.find((b) => b.path.endsWith('a/cacert.pem'))!.expired;
    expect(expired(later)).toBeGreaterThan(expired(first));
    const otherReference = await scan(['--reference', OLD]);
    const uncachedOther = await scan(['--no-scan-cache', '--reference', OLD]);
    expect(otherReference.bundles).toEqual(uncachedOther.bundles);
  });
});

describe('a cache file that cannot be trusted', () => {
  const cacheFile = (): string => join(data, 'scan-cache.json');

  async function expectIgnored(why: string): Promise<void> {
    const run = await scan();
    expect(run.discovery.cache).toMatchObject({ walk: 'fresh', filesReused: 0, ignored: why });
    expect(paths(run)).toEqual(['a/cacert.pem', 'ca-bundle.crt', 'venv/lib/certifi/cacert.pem']);
    // Replaced by a good one: the next scan reuses it.
    expect(lstatSync(cacheFile()).isFile()).toBe(true);
    expect((await scan()).discovery.cache).toMatchObject({ walk: 'reused', filesReused: 3 });
  }

  it('is ignored when it is not JSON, cut short, or of another version', async () => {
    mkdirSync(data);
    writeFileSync(cacheFile(), 'not json at all \u0000\u00ff');
    await expectIgnored('corrupt');
    const good = readFileSync(cacheFile(), 'utf8');
    writeFileSync(cacheFile(), good.slice(0, good.length >> 1));
    await expectIgnored('corrupt');
    writeFileSync(cacheFile(), JSON.stringify({ ...JSON.parse(good), version: 99 }));
    await expectIgnored('other-version');
    // Valid JSON of the right version whose entry names a content that is not there.
    const broken = JSON.parse(good) as { files: Record<string, { content: string }> };
    for (const f of Object.values(broken.files)) f.content = 'f'.repeat(64);
    writeFileSync(cacheFile(), JSON.stringify(broken));
    await expectIgnored('corrupt');
  });

  it('is not followed when it is a symlink (its target is left as it was), nor waited on as a FIFO, nor read when huge', async () => {
    await scan();
    const elsewhere = join(dir, 'elsewhere.json');
    copyFileSync(cacheFile(), elsewhere);
    const target = readFileSync(elsewhere);
    rmSync(cacheFile());
    symlinkSync(elsewhere, cacheFile());
    await expectIgnored('unreadable');
    expect(readFileSync(elsewhere)).toEqual(target);

    rmSync(cacheFile());
    execFileSync('mkfifo', [cacheFile()]);
    await expectIgnored('unreadable');

    rmSync(cacheFile());
    writeFileSync(cacheFile(), '');
    truncateSync(cacheFile(), 64 * 1024 * 1024);
    await expectIgnored('unreadable');
  });
});
