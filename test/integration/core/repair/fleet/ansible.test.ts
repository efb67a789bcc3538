// Issue 18 for real: `trustfix plan trust ROOT --for ansible` writes a role, and ansible-playbook runs it
// on this machine (`-c local`) inside a private mount namespace, where copies of /etc/ssl, the anchor
// folder, /etc/profile.d and /etc/ca-certificates.conf are mounted over the real ones (an empty file
// over /etc/pip.conf, so only the role's pip.conf steers pip) and HOME is a folder of the test's. One
// script runs the whole story in that one namespace: a `--check` run first (nothing on disk changes),
// the run (the root in the anchor folder and the generated bundle; pip, requests, urllib, curl, git and
// node trust a private CA's HTTPS servers with the login-shell environment the role set), a second
// run (changed=0), undo.yml (every file back byte for byte; the clients fail again). The machine's own
// /etc is never written. The same story runs again on the RHEL family, laid out in overlays (FAKE_RHEL).
import { execa } from 'execa';
import {
  chownSync,
  cpSync,
  existsSync,
  lchownSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustfix } from '../../../../helpers/cli.ts';
import { startGitServer, type GitServer } from '../../../../helpers/gitServer.ts';
import { PROBE_PROJECT, startHttpsIndex, type HttpsIndex } from '../../../../helpers/httpsIndex.ts';
import { canUnshare } from '../../../../helpers/privateMounts.ts';
import { tempDir } from '../../../../helpers/tmp.ts';
import { makeUpstreamPki } from '../../../../helpers/upstreamPki.ts';

const ANSIBLE = ['/usr/bin/ansible-playbook', '/usr/local/bin/ansible-playbook'].find(existsSync);
// requests is installed in the image's Python 3.11 (the same interpreter trust.test.ts builds from).
const PYTHON = ['/root/.pyenv/versions/3.11.7/bin/python'].find(existsSync);
/** nobody's uid and gid on Debian. */
const NOBODY = 65534;
const CLIENTS = ['pip', 'requests', 'urllib', 'curl', 'git', 'node'] as const;

/** The RHEL family on this Debian machine, inside the namespace: /etc and /usr are overlays whose
 * writes land in a tmpfs, so the real ones never change. Ansible reads the family from
 * /etc/redhat-release and /etc/os-release (a Rocky Linux 9 here). The layout is RHEL 9's, as
 * update-ca-trust(8) documents it: sources in /usr/share/pki/ca-trust-source and
 * /etc/pki/ca-trust/source (anchors/ for roots), the output in /etc/pki/ca-trust/extracted, and
 * /etc/pki/tls/certs/ca-bundle.crt a symbolic link to the extracted PEM bundle. update-ca-trust itself
 * (p11-kit's `trust extract`) is not packaged for Debian: the stand-in writes the same PEM bundle from
 * the same sources, the distribution's bundle first, anchors after. The clients here are Debian's
 * builds, which read /etc/ssl/certs/ca-certificates.crt; RHEL's /etc/ssl/certs is a link to
 * /etc/pki/tls/certs, and one more link there gives them the file name they were built with. */
const FAKE_RHEL = String.raw`
set -eu
mount -t tmpfs tmpfs "$OVL"
for d in etc usr; do
  mkdir -p "$OVL/$d/upper" "$OVL/$d/work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$OVL/$d/upper,workdir=$OVL/$d/work" "/$d"
done
rm -f /etc/debian_version /etc/os-release /etc/pip.conf /etc/xdg/pip/pip.conf
printf '%s
' 'NAME="Rocky Linux"' 'VERSION="9.4 (Blue Onyx)"' 'ID="rocky"' 'ID_LIKE="rhel centos fedora"'   'VERSION_ID="9.4"' 'PLATFORM_ID="platform:el9"' >/etc/os-release
echo 'Rocky Linux release 9.4 (Blue Onyx)' >/etc/redhat-release
mkdir -p /usr/share/pki/ca-trust-source/anchors /etc/pki/ca-trust/source/anchors   /etc/pki/ca-trust/extracted/pem /etc/pki/tls/certs
cp /etc/ssl/certs/ca-certificates.crt /usr/share/pki/ca-trust-source/ca-bundle.trust.crt
cat >/usr/bin/update-ca-trust <<'STANDIN'
#!/bin/sh
# A stand-in for RHEL's update-ca-trust extract (see the test): every source file, in order, into the
# extracted PEM bundle, written whole and renamed into place.
set -eu
case "$*" in extract | "") ;; *) echo "update-ca-trust: only extract" >&2; exit 2 ;; esac
out=/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem
tmp=$(mktemp "$out.XXXXXX")
for d in /usr/share/pki/ca-trust-source /usr/share/pki/ca-trust-source/anchors /etc/pki/ca-trust/source /etc/pki/ca-trust/source/anchors; do
  for f in "$d"/*; do if [ -f "$f" ]; then cat "$f"; fi; done
done >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
STANDIN
chmod 755 /usr/bin/update-ca-trust
/usr/bin/update-ca-trust extract
ln -s ../../ca-trust/extracted/pem/tls-ca-bundle.pem /etc/pki/tls/certs/ca-bundle.crt
ln -s ca-bundle.crt /etc/pki/tls/certs/ca-certificates.crt
rm -rf /etc/ssl/certs
ln -s ../pki/tls/certs /etc/ssl/certs
`;

/** Runs first in the namespace: the family's system files made the test's own, and the helpers the
 * scripts below use. Everything in a home runs as its owner through become; `su` (every Linux has it,
 * unlike sudo) needs a shell for accounts whose own is nologin, as `nobody`'s is. */
const SETUP = String.raw`
set -u
if [ "$FAMILY" = RedHat ]; then
  bash "$FAKE_RHEL" || exit 3
  ANCHOR_DIR=/etc/pki/ca-trust/source/anchors
  BUNDLE=/etc/pki/tls/certs/ca-bundle.crt
  SNAP_DIRS="/etc/pki /etc/ssl /usr/share/pki /etc/profile.d"
else
  mount --bind "$SYS/ssl" /etc/ssl
  mount --bind "$SYS/local-cas" /usr/local/share/ca-certificates
  mount --bind "$SYS/profile.d" /etc/profile.d
  mount --bind "$SYS/ca-certificates.conf" /etc/ca-certificates.conf
  if [ -e /etc/pip.conf ]; then mount --bind "$SYS/empty" /etc/pip.conf; fi
  if [ -e /etc/xdg/pip/pip.conf ]; then mount --bind "$SYS/empty" /etc/xdg/pip/pip.conf; fi
  ANCHOR_DIR=/usr/local/share/ca-certificates
  BUNDLE=/etc/ssl/certs/ca-certificates.crt
  SNAP_DIRS="/etc/ssl /usr/local/share/ca-certificates /etc/profile.d /etc/ca-certificates.conf"
fi

snap() {
  for d in $SNAP_DIRS "$TESTHOME"; do
    find "$d" -printf '%y %p %l %m\n' | LC_ALL=C sort
    find "$d" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  done
}
# Each client as a user after logging in again: /etc/profile (and so /etc/profile.d) sourced.
login() {
  env -i HOME="$TESTHOME" LANG=C.UTF-8 PATH=/usr/bin:/bin PYTHONNOUSERSITE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 "$@"
}
n=0
clients() {
  n=$((n+1))
  login sh -c '. /etc/profile; exec "$@"' sh "$PY" -m pip install --no-cache-dir --retries 0 --timeout 20 \
    --target "$WORK/pkg-$n" --index-url "$INDEX" "$PROJECT" >"$OUT/$1.pip.log" 2>&1; echo "pip $?" >"$OUT/$1.clients"
  login sh -c '. /etc/profile; exec "$@"' sh "$PY" -c 'import requests, sys; print(requests.get(sys.argv[1], timeout=20).status_code)' "$INDEX" \
    >"$OUT/$1.requests.log" 2>&1; echo "requests $?" >>"$OUT/$1.clients"
  login sh -c '. /etc/profile; exec "$@"' sh "$PY" -c 'import urllib.request, sys; print(urllib.request.urlopen(sys.argv[1], timeout=20).status)' "$INDEX" \
    >"$OUT/$1.urllib.log" 2>&1; echo "urllib $?" >>"$OUT/$1.clients"
  login sh -c '. /etc/profile; exec "$@"' sh curl -sS -f -o /dev/null "$INDEX" >"$OUT/$1.curl.log" 2>&1; echo "curl $?" >>"$OUT/$1.clients"
  login sh -c '. /etc/profile; exec "$@"' sh git ls-remote "$GITURL" >"$OUT/$1.git.log" 2>&1; echo "git $?" >>"$OUT/$1.clients"
  login sh -c '. /etc/profile; exec "$@"' sh "$NODE" -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 3), (e) => { console.log(e.cause?.code ?? e.message); process.exit(4) })' "$INDEX" \
    >"$OUT/$1.node.log" 2>&1; echo "node $?" >>"$OUT/$1.clients"
}
# Everything the role does in a home runs as the home's owner (become_user).
play() {
  env -i HOME="$TESTHOME" LANG=C.UTF-8 PATH=/usr/bin:/bin ANSIBLE_LOCAL_TEMP="$WORK/ansible/local" \
    ANSIBLE_REMOTE_TEMP="$WORK/ansible/remote" ANSIBLE_HOME="$WORK/ansible/home" ANSIBLE_NOCOLOR=1 \
    ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 \
    ANSIBLE_BECOME_METHOD=su ANSIBLE_BECOME_FLAGS='-s /bin/sh' \
    "$ANSIBLE" -c local -i localhost, -e "trustfix_state_dir=$WORK/state" "$@"
}

`;

/** The story: what the test reads is written to $OUT/. */
const SCRIPT =
  SETUP +
  String.raw`
mark() { echo "$1 $(date +%s)" >>"$OUT/times"; }
cd "$ROLE"
mark snap0; snap >"$OUT/before.snap"
mark "clients before"; clients before
mark "play site.yml --check"; play site.yml --check >"$OUT/check.log" 2>&1; echo $? >"$OUT/check.rc"
snap >"$OUT/afterCheck.snap"
mark "play site.yml"; play site.yml >"$OUT/run1.log" 2>&1; echo $? >"$OUT/run1.rc"
cp "$ANCHOR_DIR/$ROOTFILE" "$OUT/anchor.crt" 2>/dev/null
cp "$BUNDLE" "$OUT/bundle.crt"
mark "clients after"; clients after
# pip through its pip.conf alone: no REQUESTS_CA_BUNDLE (which pip's requests would also read).
login "$PY" -m pip install --no-cache-dir --retries 0 --timeout 20 --target "$WORK/pkg-conf" --index-url "$INDEX" "$PROJECT" \
  >"$OUT/pipconf.log" 2>&1; echo $? >"$OUT/pipconf.rc"
mark "play site.yml"; play site.yml >"$OUT/run2.log" 2>&1; echo $? >"$OUT/run2.rc"
mark "play undo.yml"; play undo.yml >"$OUT/undo.log" 2>&1; echo $? >"$OUT/undo.rc"
snap >"$OUT/afterUndo.snap"
mark "clients undone"; clients undone
mark "play undo.yml"; play undo.yml >"$OUT/undo2.log" 2>&1; echo $? >"$OUT/undo2.rc"
snap >"$OUT/afterUndo2.snap"
mark end
`;

/** A second home, owned by nobody, whose pip.conf links to a file of root's ($TARGET) that nobody may
 * read but not write: the run fails there with nobody's rights, the file keeps every byte, and undo
 * puts both homes and the system back. */
const HOSTILE =
  SETUP +
  String.raw`
cd "$ROLE"
users="{\"trustfix_users\": [\"$TESTHOME\", \"$OTHERHOME\"]}"
all() {
  snap
  find "$OTHERHOME" -printf '%y %p %l %m %u\n' | LC_ALL=C sort
  find "$OTHERHOME" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
}
target() { stat -c '%u %g %a %s' "$TARGET"; sha256sum "$TARGET"; }
all >"$OUT/before.snap"; target >"$OUT/before.target"
play site.yml -e "$users" >"$OUT/run.log" 2>&1; echo $? >"$OUT/run.rc"
target >"$OUT/afterRun.target"
play undo.yml -e "$users" >"$OUT/undo.log" 2>&1; echo $? >"$OUT/undo.rc"
all >"$OUT/afterUndo.snap"; target >"$OUT/afterUndo.target"
`;

const recap = (log: string): Record<string, number> => {
  const line = log.split('\n').find((l) => /^localhost\s+:/.test(l)) ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
};

describe.skipIf(!ANSIBLE || !canUnshare || !PYTHON)(
  'plan trust ROOT --for ansible: the role run for real by ansible-playbook -c local, in a private mount namespace',
  () => {
    const tmp = tempDir();
    const sys = join(tmp.dir, 'sys');
    let index: HttpsIndex;
    let git: GitServer;
    let rootPem: string;

    beforeAll(async () => {
      const pki = makeUpstreamPki(tmp.dir, 'TrustFix Fleet Test Root');
      rootPem = pki.rootPem;
      [index, git] = await Promise.all([startHttpsIndex(tmp.dir, pki), startGitServer(tmp.dir, pki)]);
      mkdirSync(sys, { recursive: true });
      cpSync('/etc/ssl', join(sys, 'ssl'), { recursive: true, verbatimSymlinks: true });
      cpSync('/usr/local/share/ca-certificates', join(sys, 'local-cas'), { recursive: true, verbatimSymlinks: true });
      mkdirSync(join(sys, 'profile.d'));
      if (existsSync('/etc/profile.d'))
        cpSync('/etc/profile.d', join(sys, 'profile.d'), { recursive: true, verbatimSymlinks: true });
      writeFileSync(join(sys, 'ca-certificates.conf'), readFileSync('/etc/ca-certificates.conf'));
      writeFileSync(join(sys, 'empty'), '');
    }, 300_000);
    afterAll(async () => {
      await Promise.all([index?.stop(), git?.stop()]);
      tmp.cleanup();
    });

    /** The folders of one run, below the test's folder, and a user who has settings of their own. */
    function runDirs(name: string): {
      home: string;
      role: string;
      out: string;
      work: string;
      read: (f: string) => string;
    } {
      const [home, role, out, work] = ['home', 'role', 'out', 'work'].map((d) => join(tmp.dir, name, d)) as [
        string,
        string,
        string,
        string,
      ];
      for (const d of [home, out, work]) mkdirSync(d, { recursive: true });
      // Kept byte for byte around the role's lines. Their pip.conf is a link into a dotfiles folder, as
      // dotfile managers make it: the link stays a link.
      mkdirSync(join(home, '.config', 'pip'), { recursive: true });
      mkdirSync(join(home, 'dotfiles'));
      writeFileSync(join(home, 'dotfiles', 'pip.conf'), '[install]\nno-warn-script-location = true\n');
      symlinkSync('../../dotfiles/pip.conf', join(home, '.config', 'pip', 'pip.conf'));
      writeFileSync(join(home, '.profile'), "# the user's own profile\numask 022\n");
      return { home, role, out, work, read: (f) => readFileSync(join(out, f), 'utf8') };
    }

    /** `trustfix plan trust ROOT --for ansible --out role`, as the user of `home`. */
    async function planRole(home: string, role: string): Promise<void> {
      const env = {
        PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: home,
        LANG: 'C.UTF-8',
        PIP_CONFIG_FILE: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      };
      const args = ['--data-dir', join(tmp.dir, 'data'), 'plan', 'trust', rootPem, '--for', 'ansible'];
      const planned = await trustfix([...args, '--out', role, '--python', PYTHON!], { env, extendEnv: false });
      expect(planned.exitCode, planned.stderr).toBe(0);
    }

    /** Runs `script` in its own mount namespace with the run's folders and the servers in its environment. */
    async function inNamespace(
      script: string,
      family: string,
      d: ReturnType<typeof runDirs>,
      more: Record<string, string> = {},
    ): Promise<{ exitCode?: number; stderr: string }> {
      const scriptFile = join(d.work, 'script.sh');
      writeFileSync(scriptFile, script);
      const fakeRhel = join(d.work, 'fake-rhel.sh');
      writeFileSync(fakeRhel, FAKE_RHEL);
      const overlays = join(d.work, 'overlays');
      mkdirSync(overlays);
      const r = await execa('unshare', ['-m', '--propagation', 'private', '--', '/bin/bash', scriptFile], {
        reject: false,
        timeout: 840_000,
        extendEnv: false,
        env: {
          PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
          SYS: sys,
          TESTHOME: d.home,
          OUT: d.out,
          WORK: d.work,
          ROLE: d.role,
          PY: PYTHON!,
          NODE: process.execPath,
          ANSIBLE: ANSIBLE!,
          INDEX: index.indexUrl,
          PROJECT: PROBE_PROJECT,
          GITURL: git.repoUrl,
          FAMILY: family,
          FAKE_RHEL: fakeRhel,
          OVL: overlays,
          ...more,
        },
      });
      return { exitCode: r.exitCode, stderr: String(r.stderr) };
    }

    it.each(['Debian', 'RedHat'])(
      '%s family: generates the role with the real CLI; --check changes nothing; the run makes every client trust the root; a second run changes nothing; undo puts every byte back and the clients fail again',
      async (family) => {
        const d = runDirs(family);
        const { role, out, read } = d;
        const clientsOf = (step: string): Record<string, boolean> =>
          Object.fromEntries(
            read(`${step}.clients`)
              .trim()
              .split('\n')
              .map((l) => l.split(' '))
              .map(([c, rc]) => [c!, rc === '0']),
          );
        await planRole(d.home, role);
        const sha256 = new X509Certificate(readFileSync(rootPem)).fingerprint256.replace(/:/g, '').toLowerCase();
        const rootFile = `trustfix-${sha256.slice(0, 16)}.crt`;
        // Every artifact names the root, and the settings are the ones issue 18 asks for.
        for (const f of [
          'site.yml',
          'undo.yml',
          'roles/trustfix_ca/tasks/main.yml',
          'roles/trustfix_ca/tasks/undo.yml',
          'roles/trustfix_ca/defaults/main.yml',
          'roles/trustfix_ca/handlers/main.yml',
          'PLAN.txt',
        ])
          expect(readFileSync(join(role, f), 'utf8').split('\n').slice(0, 3).join('\n'), f).toContain(sha256);
        const plan = JSON.parse(readFileSync(join(role, 'plan.json'), 'utf8')) as {
          fleetPlan: { settings: Array<{ client: string; kind: string; key?: string; value?: string }> };
        };
        const settings = Object.fromEntries(
          plan.fleetPlan.settings.map((s) => [s.client, `${s.kind}:${s.key ?? ''}=${s.value ?? ''}`]),
        );
        expect(settings).toMatchObject({
          'os-store': 'os-store:=',
          urllib: 'os-store:=',
          curl: 'os-store:=',
          git: 'os-store:=',
          pip: 'ini:global.cert=system-bundle',
          requests: 'env:REQUESTS_CA_BUNDLE=system-bundle',
          node: 'env:NODE_EXTRA_CA_CERTS=root-file',
        });

        const story = await inNamespace(SCRIPT, family, d, { ROOTFILE: rootFile });
        expect(story.exitCode, story.stderr).toBe(0); // $OUT/times: when each step began

        const allFail = Object.fromEntries(CLIENTS.map((c) => [c, false]));
        const allWork = Object.fromEntries(CLIENTS.map((c) => [c, true]));
        expect(clientsOf('before')).toEqual(allFail);

        // --check: reports what would change, changes nothing.
        expect(read('check.rc').trim(), read('check.log')).toBe('0');
        expect(recap(read('check.log')).changed).toBeGreaterThan(0);
        expect(read('afterCheck.snap')).toBe(read('before.snap'));

        // The run: the root in the family's anchor folder and in the bundle its tool generates.
        expect(read('run1.rc').trim(), read('run1.log')).toBe('0');
        expect(recap(read('run1.log'))).toMatchObject({ failed: 0, unreachable: 0 });
        const anchor = readFileSync(join(out, 'anchor.crt'));
        expect(new X509Certificate(anchor).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(sha256);
        // The certificate's Base64 (node-forge writes CRLF lines; the bundle has LF ones).
        const body = readFileSync(rootPem, 'utf8').replace(/-----[^-]+-----|\s/g, '');
        expect(read('bundle.crt').replace(/\s/g, '')).toContain(body);
        const after = clientsOf('after');
        expect(after, CLIENTS.map((c) => `${c}: ${read(`after.${c}.log`)}`).join('\n')).toEqual(allWork);
        expect(read('pipconf.rc').trim(), read('pipconf.log')).toBe('0');

        // Idempotent.
        expect(read('run2.rc').trim(), read('run2.log')).toBe('0');
        expect(recap(read('run2.log'))).toMatchObject({ changed: 0, failed: 0 });

        // Undo: every file, link and folder as before, byte for byte; the clients fail again; a second
        // undo finds nothing to do.
        expect(read('undo.rc').trim(), read('undo.log')).toBe('0');
        expect(recap(read('undo.log'))).toMatchObject({ failed: 0 });
        expect(read('afterUndo.snap')).toBe(read('before.snap'));
        expect(clientsOf('undone')).toEqual(allFail);
        expect(read('undo2.rc').trim(), read('undo2.log')).toBe('0');
        expect(recap(read('undo2.log'))).toMatchObject({ changed: 0, failed: 0 });
        expect(read('afterUndo2.snap')).toBe(read('before.snap'));
        // The machine's own files were never the ones written.
        expect(existsSync(`/usr/local/share/ca-certificates/${rootFile}`)).toBe(false);
        expect(existsSync('/etc/redhat-release')).toBe(false);
        expect(existsSync('/usr/bin/update-ca-trust')).toBe(false);
        expect(readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8').replace(/\s/g, '')).not.toContain(body);
      },
      900_000,
    );

    it("a home whose pip.conf links to root's file: nobody's rights refuse the write, that file keeps every byte, undo puts both homes back", async () => {
      const d = runDirs('hostile');
      await planRole(d.home, d.role);
      // nobody's home: pip.conf is a link to a file of root's that nobody may read and not write.
      const other = join(tmp.dir, 'hostile', 'nobody-home');
      mkdirSync(join(other, '.config', 'pip'), { recursive: true });
      const target = join(sys, 'root-only.conf');
      writeFileSync(target, "# root's own file\n[global]\n", { mode: 0o644 });
      symlinkSync(target, join(other, '.config', 'pip', 'pip.conf'));
      for (const p of [other, join(other, '.config'), join(other, '.config', 'pip')]) chownSync(p, NOBODY, NOBODY);
      lchownSync(join(other, '.config', 'pip', 'pip.conf'), NOBODY, NOBODY);

      const run = await inNamespace(HOSTILE, 'Debian', d, { OTHERHOME: other, TARGET: target });
      expect(run.exitCode, run.stderr).toBe(0);
      // The run stops at that home: pip.conf's line could not be written with nobody's rights.
      expect(d.read('run.rc').trim()).not.toBe('0');
      const log = d.read('run.log');
      expect(log).toMatch(/failed: \[localhost\] \(item=[^)]*nobody-home\)/);
      expect(log).toMatch(/Permission denied|not writable/);
      expect(log).not.toMatch(/module tmp path/);
      expect(d.read('afterRun.target')).toBe(d.read('before.target'));
      expect(readFileSync(target, 'utf8')).toBe("# root's own file\n[global]\n");
      // Undo as on any machine: both homes and the system as before, byte for byte.
      expect(d.read('undo.rc').trim(), d.read('undo.log')).toBe('0');
      expect(d.read('afterUndo.snap')).toBe(d.read('before.snap'));
      expect(d.read('afterUndo.target')).toBe(d.read('before.target'));
    }, 600_000);
  },
);
