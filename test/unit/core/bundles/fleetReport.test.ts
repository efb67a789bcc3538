// The merge's own rules, on small reports: the worse of two Pythons of one version, hostnames seen
// twice, a client a machine lacks, and CSV fields that need quoting.
import { describe, expect, it } from 'vitest';
import {
  csvRows,
  mergeReports,
  parseMachineReport,
  toCsv,
  type MachineReport,
} from '../../../../src-main/core/bundles/fleetReport.ts';

function machine(hostname: string, pythons: Array<[string, string]>, curl?: string): MachineReport {
  const text = JSON.stringify({
    schema: 2,
    at: '2026-11-23T00:00:00.000Z',
    reference: {},
    machine: { hostname, os: 'linux', arch: 'x64', release: '6.1', trustfixVersion: '0.1.0' },
    summary: { current: 0, stale: 0, broken: 0 },
    bundles: [],
    pythons: pythons.map(([version, status], i) => ({
      id: `py-${i}`,
      executable: `~/p${i}/bin/python`,
      version,
      clients: { requests: { available: true, status }, pip: { available: false } },
    })),
    clients: curl ? [{ id: 'cl-1', name: 'curl', status: curl }] : [],
  });
  const parsed = parseMachineReport(`${hostname}.json`, text);
  if (!('report' in parsed)) throw new Error('not parsed');
  return parsed.report;
}

describe('mergeReports', () => {
  it('counts a machine once per client, with the worse of its Pythons of one version', () => {
    const fleet = mergeReports(
      [
        {
          file: 'a.json',
          report: machine(
            'a',
            [
              ['3.11.7', 'current'],
              ['3.11.2', 'stale'],
            ],
            'current',
          ),
        },
        {
          file: 'b.json',
          report: machine('b', [
            ['3.11.9', 'os-store'],
            ['3.12.1', 'unknown'],
          ]),
        },
      ],
      [],
    );
    expect(fleet.clients).toEqual([
      { client: 'requests (Python 3.11)', fails: ['a'], works: ['b'], unknown: [] },
      { client: 'curl', fails: [], works: ['a'], unknown: [] },
      { client: 'requests (Python 3.12)', fails: [], works: [], unknown: ['b'] },
    ]);
    // pip is absent from every interpreter: not a row.
    expect(fleet.clients.some((c) => c.client.startsWith('pip'))).toBe(false);
  });

  it('tells apart two files of one hostname', () => {
    const fleet = mergeReports(
      [
        { file: 'x/a.json', report: machine('a', []) },
        { file: 'y/a.json', report: machine('a', []) },
      ],
      [],
    );
    expect(fleet.machines.map((m) => m.name)).toEqual(['a', 'a (2)']);
  });
});

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180), CRLF after each row', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', '']])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  it('writes a row per file left out, with its sentence', () => {
    const fleet = mergeReports([], [{ file: 'bad.json', problem: { code: 'bundles:fleet.notJson' } }]);
    expect(csvRows(fleet, (m) => `said ${m.code}`)).toEqual([
      ['', 'bad.json', 'unreadable', '', 'error', 'said bundles:fleet.notJson'],
    ]);
  });
});
