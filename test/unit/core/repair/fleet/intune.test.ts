// The Intune Remediations packages (issue 18) checked as text against Microsoft's contract
// (https://learn.microsoft.com/intune/intune-service/fundamentals/remediations): the detection script
// exits 0 (no issue) or 1 (issue: the remediation runs), the remediation exits 0 when done, output
// goes to stdout and nothing to stderr when it works. No PowerShell runs here: pwsh is not packaged by
// Debian and Wine's powershell.exe is a stub (docs/windows.md, "What Wine cannot do").
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { weakeningIn } from '../../../../../src-main/core/repair/fleet/artifactFacts.ts';
import { intuneArtifacts } from '../../../../../src-main/core/repair/fleet/intune.ts';
import { MAIN_MARK } from '../../../../../src-main/core/repair/fleet/windowsSettings.ts';
import { Problem } from '../../../../../src-main/core/messages.ts';
import {
  exitCodes,
  expectPowerShellBasics,
  generatedForFile,
  psUnbalanced,
  WINDOWS_SETTINGS,
} from '../../../../helpers/fleetPlan.ts';

const g = generatedForFile(
  'trustfix-intune-',
  'windows',
  WINDOWS_SETTINGS,
  intuneArtifacts,
  'Corp Proxy Root \u5f20\u4e09',
);
const file = (path: string): string => g.file(path);
const scripts = () => g.out.filter((a) => a.path.endsWith('.ps1'));
/** The script's own part: after the shared function library, where it decides its exit. */
const main = (s: string) => s.slice(s.indexOf(`${MAIN_MARK}\r\n`) + MAIN_MARK.length + 2);

describe('intune: the files', () => {
  it('gives a machine package and a user package, each with its undo beside it, and a README', () => {
    expect(g.out.map((a) => a.path).sort()).toEqual([
      'README.txt',
      'machine/detect.ps1',
      'machine/remediate.ps1',
      'machine/undo.ps1',
      'user/detect.ps1',
      'user/remediate.ps1',
      'user/undo.ps1',
    ]);
  });

  it('sets a variable or a key two clients share once, naming both, and refuses two values for one', () => {
    const npm = {
      client: 'npm',
      kind: 'env' as const,
      key: 'NODE_EXTRA_CA_CERTS',
      value: 'root-file',
      why: 'fleet:why.npmFollowsNode',
    };
    const mamba = {
      client: 'mamba',
      kind: 'yaml' as const,
      key: 'ssl_verify',
      value: 'truststore',
      file: '~/.condarc',
      why: 'x',
    };
    const both = intuneArtifacts({ ...g.fx.plan, settings: [...WINDOWS_SETTINGS, npm, mamba] });
    const s = both.find((a) => a.path === 'user/remediate.ps1')!.content;
    expect(s.match(/@\{ Name = 'NODE_EXTRA_CA_CERTS'/g)).toHaveLength(1);
    expect(s.match(/Key = 'ssl_verify'/g)).toHaveLength(1);
    expect(s).toContain('# node, npm: HKCU\\Environment NODE_EXTRA_CA_CERTS = root-file');
    expect(s).toContain('# conda, mamba: ~/.condarc ssl_verify = truststore');
    expect(() =>
      intuneArtifacts({ ...g.fx.plan, settings: [...WINDOWS_SETTINGS, { ...npm, value: 'system-bundle' }] }),
    ).toThrow(Problem);
  });

  it('gives the machine package alone when every client reads the store', () => {
    const only = intuneArtifacts({ ...g.fx.plan, settings: WINDOWS_SETTINGS.filter((s) => s.kind === 'os-store') });
    expect(only.map((a) => a.path).sort()).toEqual([
      'README.txt',
      'machine/detect.ps1',
      'machine/remediate.ps1',
      'machine/undo.ps1',
    ]);
    expect(file('machine/remediate.ps1')).toContain('$NeedsBundle = $true');
    expect(only.find((a) => a.path === 'machine/remediate.ps1')!.content).toContain('$NeedsBundle = $false');
  });

  it('keeps what every generated script keeps: digests, DER, ASCII with CRLF, closed strings, exit 0/1, stdout only', () => {
    for (const a of scripts()) expectPowerShellBasics(a.path, a.content, g.fx);
    for (const a of g.out) expect(a.content, a.path).not.toMatch(/[^\x20-\x7e\t\r\n]/);
    // The tokenizer finds what broke a detection script once: an apostrophe in a single-quoted string.
    expect(psUnbalanced("Write-Output 'the user's settings'\r\nexit 0\r\n")).not.toEqual([]);
    expect(psUnbalanced('if ($a) { Write-Output (\'x\' + "y")\r\n')).toEqual(['{ from line 1 never closed']);
  });
});

describe("intune: the root's identity", () => {
  it('names the root by its SHA-256 and SHA-1 thumbprint (the SHA-1 of its DER), and checks the store by SHA-256', () => {
    expect(g.fx.sha1).toBe(createHash('sha1').update(g.fx.der).digest('hex').toUpperCase());
    // The store entry is found by thumbprint, then compared by the SHA-256 of its bytes.
    for (const a of scripts())
      expect(a.content).toContain('(Get-Sha256Hex (Get-Item -LiteralPath $path).RawData) -eq $Sha256');
    expect(file('README.txt')).toContain(g.fx.sha256);
    expect(file('README.txt')).toContain(g.fx.sha1);
    // A non-ASCII name is escaped in comments, not dropped.
    expect(file('machine/detect.ps1')).toContain('# Root: Corp Proxy Root \\u{5F20}\\u{4E09}');
  });
});

describe("intune: Microsoft's contract", () => {
  it('detect.ps1 exits only 0 or 1, and 0 only on the compliant path', () => {
    for (const path of ['machine/detect.ps1', 'user/detect.ps1']) {
      const s = file(path);
      expect(s.split(MAIN_MARK)).toHaveLength(2);
      expect(exitCodes(s), path).toEqual([1, 0, 1]);
      expect(main(s)).toMatch(
        /if \(\$gaps\.Count -eq 0\) \{\r\n {2}Write-Output 'TrustFix: compliant: ([^']|'')*'\r\n {2}exit 0\r\n\}/,
      );
      expect(main(s).trimEnd().endsWith('exit 1'), path).toBe(true);
    }
  });

  it('remediate.ps1 and undo.ps1 end with exit 0 after their work, and exit 1 only on failure', () => {
    for (const path of ['machine/remediate.ps1', 'user/remediate.ps1', 'machine/undo.ps1', 'user/undo.ps1']) {
      const s = file(path);
      expect(main(s).trimEnd().endsWith('exit 0'), path).toBe(true);
      expect(new Set(exitCodes(s)), path).toEqual(new Set([0, 1]));
      expect(
        exitCodes(s).filter((c) => c === 0),
        path,
      ).toHaveLength(1);
    }
  });

  it('stops on any error, strict mode, and reports failures on stdout, never stderr', () => {
    for (const a of scripts()) {
      const s = a.content;
      expect(s.indexOf("$ErrorActionPreference = 'Stop'"), a.path).toBeGreaterThan(0);
      expect(s.indexOf('Set-StrictMode -Version Latest'), a.path).toBeLessThan(s.indexOf('function Get-Sha256Hex'));
      for (const bad of [
        'Write-Error',
        'Write-Warning',
        'Write-Host',
        '[Console]::Error',
        'Write-Information',
        '$host.ui',
      ])
        expect(s.toLowerCase(), `${a.path}: ${bad}`).not.toContain(bad.toLowerCase());
      // The main part is one try whose catch says the failure on stdout and exits 1.
      expect(main(s), a.path).toMatch(/^(\$gaps = @\(\)\r\n)?try \{/);
      expect(main(s), a.path).toMatch(
        /\} catch \{\r\n {2}Write-Output \('TrustFix: [a-z]+ failed: ' \+ \$_\.Exception\.Message\)\r\n {2}exit 1\r\n\}/,
      );
    }
  });

  it('says which account each package runs as: SYSTEM for the machine, the logged-on user for the user', () => {
    for (const p of ['machine/detect.ps1', 'machine/remediate.ps1'])
      expect(file(p)).toContain('run as SYSTEM (logged-on credentials: No)');
    for (const p of ['user/detect.ps1', 'user/remediate.ps1', 'user/undo.ps1'])
      expect(file(p)).toContain('"Run this script using the logged-on credentials": Yes.');
    expect(file('user/remediate.ps1')).toMatch(
      /try \{\r\n {2}Assert-MachinePartDone\r\n {2}\$changes = Invoke-UserPart/,
    );
  });

  it('imports the root into LocalMachine\\Root, keeps the originals it replaces, and undoes only what it added', () => {
    const s = file('machine/remediate.ps1');
    expect(s).toContain(
      "Import-Certificate -FilePath $RootFile -CertStoreLocation 'Cert:\\LocalMachine\\Root' | Out-Null",
    );
    expect(s).toContain("Save-Original $MachineBackup 'root' $Thumbprint");
    expect(s).toMatch(
      /if \(-not \$e\.existed -and \(Test-RootInStore\)\) \{ Remove-Item -LiteralPath \$path -Force \}/,
    );
    // Writes only when different, and each first change is saved once.
    expect(s).toContain('if ((Read-TextOrNull $Path) -ceq $Text) { return $false }');
    expect(s).toContain('foreach ($e in $entries) { if ($e.type -eq $Type -and $e.target -eq $Target) { return } }');
    expect(file('machine/undo.ps1')).toContain('$undone = Invoke-Undo $MachineBackup');
    expect(file('user/undo.ps1')).toContain('$undone = Invoke-Undo $UserBackup');
  });

  it("writes each setting's value where the plan says, the files by their variables", () => {
    const s = file('user/remediate.ps1');
    expect(s).toContain("@{ Name = 'NODE_EXTRA_CA_CERTS'; Value = $RootFile }");
    expect(s).toContain("@{ Name = 'REQUESTS_CA_BUNDLE'; Value = $BundleFile }");
    expect(s).toContain(
      "@{ Kind = 'git-config'; File = '~/.gitconfig'; Section = 'http'; Key = 'sslBackend'; Value = 'schannel' }",
    );
    expect(s).toContain(
      "@{ Kind = 'ini'; File = '~/.aws/config'; Section = 'default'; Key = 'ca_bundle'; Value = $BundleFile }",
    );
    expect(s).toContain("$RootFile = Join-Path $TrustFixDir '" + g.fx.plan.root.fileName + "'");
  });
});

describe('intune: never weaker', () => {
  it('contains nothing that turns verification off, README included', () => {
    for (const a of g.out) expect(weakeningIn(a.content), a.path).toBeNull();
  });

  it('refuses a plan whose setting would turn verification off', () => {
    for (const bad of [
      { client: 'node', kind: 'env' as const, key: 'NODE_TLS_REJECT_UNAUTHORIZED', value: '0', why: 'x' },
      {
        client: 'git',
        kind: 'git-config' as const,
        key: 'http.sslVerify',
        value: 'false',
        file: '~/.gitconfig',
        why: 'x',
      },
    ]) {
      expect(() => intuneArtifacts({ ...g.fx.plan, settings: [bad] })).toThrow(Problem);
      try {
        intuneArtifacts({ ...g.fx.plan, settings: [bad] });
      } catch (e) {
        expect((e as Problem).problem.code).toBe('trust:refused.wouldWeaken');
      }
    }
  });

  it('refuses a plan for another OS, a key that could end a quoted string, and a PEM that is not the named root', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Problem).problem.code;
      }
      return 'none';
    };
    expect(code(() => intuneArtifacts({ ...g.fx.plan, os: 'darwin' }))).toBe('trust:fleet.wrongOs');
    expect(
      code(() =>
        intuneArtifacts({
          ...g.fx.plan,
          settings: [{ client: 'x', kind: 'env', key: "A'; rm", value: 'v', why: 'x' }],
        }),
      ),
    ).toBe('trust:fleet.badSetting');
    const newline = {
      client: 'aws',
      kind: 'ini' as const,
      key: 'default.ca_bundle',
      value: 'x\n[default]\nother = 1',
      file: '~/.aws/config',
      why: 'x',
    };
    expect(code(() => intuneArtifacts({ ...g.fx.plan, settings: [newline] }))).toBe('trust:fleet.badSetting');
    expect(code(() => intuneArtifacts({ ...g.fx.plan, root: { ...g.fx.plan.root, sha256: '00'.repeat(32) } }))).toBe(
      'trust:fleet.rootMismatch',
    );
  });
});
