// Issue 15, the command line as a person reads it: `scan --no-disk` said "Looked in the known places
// only (16 file(s))" and then "15 file(s)" (a link and its target counted as two files: here,
// /usr/lib/ssl/cert.pem -> /etc/ssl/certs/ca-certificates.crt); `fix` without --confirm repeated the
// same sentence for every client waiting for the same root, and with a refused repair printed
// "Nothing to change." before saying the refusal twice (the plan's list, then the client's reasons).
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustfix } from '../../../helpers/cli.ts';
import { makeWizardFixture, type WizardFixture } from '../../../helpers/wizardFixture.ts';

let work: string;
let fx: WizardFixture;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'trustfix-cli-wording-'));
  fx = await makeWizardFixture(work);
}, 600_000);
afterAll(async () => {
  await fx?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('scan --no-disk counts files, not the ways to reach them', () => {
  it('a bundle named by SSL_CERT_FILE through a link and by REQUESTS_CA_BUNDLE directly is one file, in the count and in the sentence', async () => {
    const home = join(work, 'home');
    const target = join(work, 'company-bundle.pem');
    const link = join(work, 'link-to-bundle.pem');
    await writeFile(target, rootCertificates.join('\n'));
    await symlink(target, link);
    const env = {
      HOME: home,
      SSL_CERT_FILE: link,
      REQUESTS_CA_BUNDLE: target,
      PIP_CONFIG_FILE: '/dev/null',
      LANG: 'C.UTF-8',
      PATH: process.env.PATH ?? '',
    };
    const json = await trustfix(['scan', '--no-disk', '--no-pythons', '--no-clients', '--json'], {
      env,
      extendEnv: false,
    });
    const report = JSON.parse(json.stdout) as { discovery: { knownPlaces: number }; bundles: Array<{ path: string }> };
    expect(report.bundles.filter((b) => b.path === target || b.path === link)).toHaveLength(1);
    expect(report.discovery.knownPlaces).toBe(report.bundles.length);

    const text = await trustfix(['scan', '--no-disk', '--no-pythons', '--no-clients', '--no-color'], {
      env,
      extendEnv: false,
    });
    const summary = /^(\d+) file\(s\): /m.exec(text.stdout);
    expect(summary, text.stdout).not.toBeNull();
    const known = /Looked in the known places only \((\d+) file\(s\)\)/.exec(text.stdout);
    expect(known, text.stdout).not.toBeNull();
    expect(known![1]).toBe(summary![1]);
  });
});

describe('fix without --confirm says each thing once', () => {
  it('the clients waiting for the same root share one sentence, and no "Nothing to change."', async (t) => {
    if (!fx.python) t.skip(fx.skip ?? 'no venv Python');
    const r = await trustfix(
      ['fix', `https://127.0.0.1:${fx.port}/`, '--python', fx.python!, '--data-dir', join(work, 'data')],
      { env: { ...fx.env, LANG: 'C.UTF-8', PATH: process.env.PATH ?? '' }, extendEnv: false },
    );
    expect(r.exitCode).toBe(1);
    expect(r.stdout).not.toContain('Nothing to change.');
    // The fingerprint appears in the one sentence (twice: the SHA-256 and the --confirm to give).
    expect(count(r.stdout, fx.rootFingerprint), r.stdout).toBe(2);
    expect(r.stdout).toMatch(/urllib, requests, pip: /);
    expect(r.stderr).toMatch(/Not every client works yet: urllib, requests, pip/);
  });
});
