// `trustfix plan trust ROOT --for ansible`: an Ansible role (ansible-core's builtin modules only) that
// puts ROOT into a Linux machine's store the distribution's way (Debian family: the anchor folder +
// update-ca-certificates; RHEL family: the anchors folder + update-ca-trust), then gives each client
// that does not read the generated bundle its setting. Before the first change to a file the role keeps
// its exact bytes (or notes that the file did not exist) in a state folder, once; undo.yml puts every
// file back from there, removes what the role created, and regenerates the store (ansibleUndo.ts). A
// second run changes nothing, and `--check` reports what a run would change without changing anything.
// Everything in a home is read and written as the home's owner, and its records are kept in that home:
// a link in a home reaches only what its owner could write (docs/fleet.md).
import { msg, Problem } from '../../messages.ts';
import { undoHomeTasks, undoTasks } from './ansibleUndo.ts';
import { asOwner, header, OS_TASKS, ownerLines, q } from './ansibleYaml.ts';
import type { Artifact, FleetPlan, FleetSetting, Generator } from './types.ts';

/** The file the role writes for login shells (every user's, through /etc/profile). */
export const PROFILE_FILE = '/etc/profile.d/trustfix-ca.sh';

/** A home-relative setting file ('~/.config/pip/pip.conf') as the path below a home. */
function homeRelative(s: FleetSetting): string {
  if (!s.file?.startsWith('~/'))
    throw new Problem(msg('fleet:ansible.unsupported', { client: s.client, kind: s.kind }));
  return s.file.slice(2);
}

/** The value as the role writes it: the OS family's bundle, the installed root, or the literal. */
function valueOf(s: FleetSetting): string {
  if (s.value === 'system-bundle') return '{{ trustfix_bundle }}';
  if (s.value === 'root-file') return '{{ trustfix_anchor }}';
  return s.value ?? '';
}

/** The lineinfile tasks that write one setting into `file` (a path below each home). */
function fileTasks(s: FleetSetting): string[] {
  const path = `{{ item.stat.path }}/${homeRelative(s)}`;
  // Written as the home's owner: the file is theirs when created, and a link in the home (a dotfiles
  // folder) is written through with their rights only.
  const common = [`    path: ${q(path)}`, '    create: true', '    mode: "0644"'];
  const loop = [
    '  loop: "{{ trustfix_homes.results }}"',
    '  loop_control:',
    '    label: "{{ item.stat.path }}"',
    ...ownerLines('item.stat.pw_name'),
  ];
  const task = (name: string, body: string[]): string =>
    [`- name: ${q(name)}`, '  ansible.builtin.lineinfile:', ...common, ...body, ...loop].join('\n');
  const value = valueOf(s);
  switch (s.kind) {
    case 'ini': {
      // 'global.cert': the section exists (added at the top when it does not), the key under it.
      const [section, key] = s.key!.includes('.') ? s.key!.split('.', 2) : ['global', s.key!];
      const head = `^\\[${section}\\]\\s*$`;
      return [
        task(`${s.client}: [${section}] in ~/${homeRelative(s)}`, [
          `    regexp: ${q(head)}`,
          `    line: ${q(`[${section}]`)}`,
          '    insertbefore: BOF',
        ]),
        task(`${s.client}: ${key} in ~/${homeRelative(s)}`, [
          `    regexp: ${q(`^${key}\\s*=`)}`,
          `    line: ${q(`${key} = ${value}`)}`,
          `    insertafter: ${q(head)}`,
        ]),
      ];
    }
    case 'toml':
      // A top-level key: before the first table, so at the top.
      return [
        task(`${s.client}: ${s.key} in ~/${homeRelative(s)}`, [
          `    regexp: ${q(`^${s.key}\\s*=`)}`,
          `    line: ${q(`${s.key} = ${value}`)}`,
          '    insertbefore: BOF',
        ]),
      ];
    case 'yaml':
      return [
        task(`${s.client}: ${s.key} in ~/${homeRelative(s)}`, [
          `    regexp: ${q(`^${s.key}\\s*:`)}`,
          `    line: ${q(`${s.key}: ${value}`)}`,
        ]),
      ];
    default:
      throw new Problem(msg('fleet:ansible.unsupported', { client: s.client, kind: s.kind }));
  }
}

function defaults(plan: FleetPlan, homeFiles: string[], homeDirs: string[]): string {
  const sha16 = plan.root.sha256.slice(0, 16);
  return `${header(plan, 'defaults of the trustfix_ca role')}
# The homes whose per-user settings get the root (pip.conf, uv.toml, .condarc); default: the home of
# the user the play runs as. Everything in a home is read and written as the home's owner (become_user;
# the play's become method: sudo by default), so a link in a home reaches only what its owner may
# write, and the originals of a home's files are kept in that home, in the folder below.
trustfix_users:
  - "{{ ansible_env.HOME }}"
trustfix_home_state: ${q(`.trustfix-ansible-${sha16}`)}
# Where Ansible's module files go while a task runs as a home's owner. Its default, ~/.ansible/tmp, is
# the owner's: a folder Ansible would create in the home and leave there. /tmp is every user's.
trustfix_home_remote_tmp: /tmp

# Where the role keeps the original bytes of every file it changes, and which files it created:
# undo.yml reads it. One folder per root.
trustfix_state_dir: ${q(`/var/lib/trustfix-ansible/${sha16}`)}

trustfix_root_sha256: ${q(plan.root.sha256)}
trustfix_root_file: ${q(plan.root.fileName)}
trustfix_profile_file: ${q(PROFILE_FILE)}

# Per OS family: the anchor folder the distribution's tool reads, the bundle it generates, and the
# command that regenerates it (undo: from the sources alone).
trustfix_os_families:
  Debian:
    anchor_dir: /usr/local/share/ca-certificates
    bundle: /etc/ssl/certs/ca-certificates.crt
    refresh: [/usr/sbin/update-ca-certificates]
    refresh_fresh: [/usr/sbin/update-ca-certificates, --fresh]
  RedHat:
    anchor_dir: /etc/pki/ca-trust/source/anchors
    bundle: /etc/pki/tls/certs/ca-bundle.crt
    refresh: [/usr/bin/update-ca-trust, extract]
    refresh_fresh: [/usr/bin/update-ca-trust, extract]

# Below each home: the files the settings live in, and the folders they need.
trustfix_home_files: ${JSON.stringify(homeFiles)}
trustfix_home_dirs: ${JSON.stringify(homeDirs)}
`;
}

/** What is recorded in each home before the first change: [task name, list below the home, folders?]. */
const HOME_RECORDS: Array<[string, string, boolean]> = [
  ["Note which folders in each home the role creates (as the home's owner)", 'trustfix_home_dirs', true],
  ["Keep what each home's setting files hold now (once, as the home's owner)", 'trustfix_home_files', false],
];

/** record.yml (the system's files, as the play's user) and record_home.yml (a home's, as its owner):
 * `trustfix_path` is kept under `trustfix_state` as `trustfix_key`. */
const RECORD_TASKS = (plan: FleetPlan, owner?: string): string => {
  const as = asOwner(owner);
  return `${header(plan, `keep the original bytes of a file before the first change (once)${owner ? ", as the home's owner" : ''}`)}
- name: "Recorded before? {{ trustfix_path }}"
  ansible.builtin.stat:
    path: "{{ trustfix_state }}/record{{ trustfix_key }}.record"
    get_checksum: false
  register: trustfix_rec${as}

- name: "Exists now? {{ trustfix_path }}"
  ansible.builtin.stat:
    path: "{{ trustfix_path }}"
    get_checksum: false
  register: trustfix_orig
  when: not trustfix_rec.stat.exists${as}

- name: "Folders for the record of {{ trustfix_path }}"
  ansible.builtin.file:
    path: "{{ item }}"
    state: directory
    mode: "0700"
  loop:
    - "{{ trustfix_state }}"
    - "{{ trustfix_state }}/record{{ trustfix_key | dirname }}"
    - "{{ trustfix_state }}/backup{{ trustfix_key | dirname }}"
  when: not trustfix_rec.stat.exists and not ansible_check_mode${as}

- name: "Keep the original bytes of {{ trustfix_path }}"
  ansible.builtin.copy:
    src: "{{ trustfix_path }}"
    dest: "{{ trustfix_state }}/backup{{ trustfix_key }}"
    remote_src: true
    force: false
    mode: preserve
  when: not trustfix_rec.stat.exists and trustfix_orig.stat.exists and not trustfix_orig.stat.isdir and not ansible_check_mode${as}

- name: "Note whether {{ trustfix_path }} existed"
  ansible.builtin.copy:
    content: "{{ ('dir-' if trustfix_is_dir else '') ~ ('existed' if trustfix_orig.stat.exists else 'created') }}\\n"
    dest: "{{ trustfix_state }}/record{{ trustfix_key }}.record"
    force: false
    mode: "0600"
  when: not trustfix_rec.stat.exists and not ansible_check_mode${as}
`;
};

function mainTasks(plan: FleetPlan, envs: FleetSetting[], files: FleetSetting[]): string {
  const envLines = envs.map((s) => `      export ${s.key}=${q(valueOf(s))}`);
  const profile = envs.length
    ? `
- name: "Login shells: ${envs
        .map((s) => s.key)
        .filter((k, i, a) => a.indexOf(k) === i)
        .join(', ')} (${q(PROFILE_FILE).slice(1, -1)})"
  ansible.builtin.copy:
    dest: "{{ trustfix_profile_file }}"
    owner: root
    group: root
    mode: "0644"
    content: |
      # TrustFix ${plan.trustfixVersion}: the root's settings for login shells (${envs.map((s) => s.client).join(', ')}).
      # SHA-256: ${plan.root.sha256}
${[...new Set(envLines)].join('\n')}
`
    : '';
  return `${header(plan, `trust the root on this machine (${plan.settings.map((s) => s.client).join(', ')})`)}
${OS_TASKS}
- name: "The homes whose settings change"
  ansible.builtin.stat:
    path: "{{ item }}"
    get_checksum: false
  loop: "{{ trustfix_users }}"
  register: trustfix_homes

- name: "Each home exists and is a folder"
  ansible.builtin.assert:
    that: item.stat.exists and item.stat.isdir
    fail_msg: "{{ item.item }} is not a folder on this machine."
    quiet: true
  loop: "{{ trustfix_homes.results }}"
  loop_control:
    label: "{{ item.item }}"

- name: "Keep what each system file the role may change holds now (once, before the first change)"
  ansible.builtin.include_tasks: record.yml
  loop: "{{ [trustfix_anchor, trustfix_bundle${envs.length ? ', trustfix_profile_file' : ''}] }}"
  loop_control:
    loop_var: trustfix_path
  vars:
    trustfix_is_dir: false
    trustfix_state: "{{ trustfix_state_dir }}"
    trustfix_key: "{{ trustfix_path }}"
${HOME_RECORDS.map(
  ([what, list, isDir]) => `
- name: "${what}"
  ansible.builtin.include_tasks: record_home.yml
  loop: "{{ trustfix_homes.results | product(${list}) | list }}"
  loop_control:
    loop_var: trustfix_item
    label: "{{ trustfix_item.0.stat.path }}/{{ trustfix_item.1 }}"
  vars:
    trustfix_is_dir: ${isDir}
    trustfix_owner: "{{ trustfix_item.0.stat.pw_name }}"
    trustfix_state: "{{ trustfix_item.0.stat.path }}/{{ trustfix_home_state }}"
    trustfix_path: "{{ trustfix_item.0.stat.path }}/{{ trustfix_item.1 }}"
    trustfix_key: "/{{ trustfix_item.1 }}"
`,
).join('')}
- name: "The root in the OS store's anchor folder"
  ansible.builtin.copy:
    src: "{{ trustfix_root_file }}"
    dest: "{{ trustfix_anchor }}"
    owner: root
    group: root
    mode: "0644"
  notify: trustfix refresh the OS store
${profile}${
    files.length
      ? `
- name: "Folders the settings need in each home (created as the home's owner)"
  ansible.builtin.stat:
    path: "{{ item.0.stat.path }}/{{ item.1 }}"
    get_checksum: false
  loop: "{{ trustfix_homes.results | product(trustfix_home_dirs) | list }}"
  loop_control:
    label: "{{ item.0.stat.path }}/{{ item.1 }}"
  register: trustfix_dirs${asOwner('item.0.stat.pw_name')}

- name: "Create the missing ones"
  ansible.builtin.file:
    path: "{{ item.item.0.stat.path }}/{{ item.item.1 }}"
    state: directory
    mode: "0755"
  loop: "{{ trustfix_dirs.results }}"${asOwner('item.item.0.stat.pw_name')}
  loop_control:
    label: "{{ item.item.0.stat.path }}/{{ item.item.1 }}"
  when: not item.stat.exists

${files.flatMap(fileTasks).join('\n\n')}
`
      : ''
  }`;
}

function handlers(plan: FleetPlan): string {
  return `${header(plan, 'handler of the trustfix_ca role')}
- name: trustfix refresh the OS store
  ansible.builtin.command:
    argv: "{{ trustfix_os.refresh }}"
`;
}

function play(plan: FleetPlan, what: string, role: string): string {
  return `${header(plan, what)}
- name: ${q(`TrustFix: ${what}`)}
  hosts: all
  gather_facts: true
  gather_subset: ["!all"]
  tasks:
    - name: "The trustfix_ca role"
      ansible.builtin.import_role:
        name: trustfix_ca
${role}`;
}

/** The OS of the machines the role is for (the target's, not the OS TrustFix runs on here). */
const ROLE_OS: FleetPlan['os'] = 'linux';

/** The role, the playbook that applies it and the undo playbook, for a Linux fleet. */
export const ansibleGenerator: Generator = (plan) => {
  if (plan.os !== ROLE_OS) throw new Problem(msg('fleet:ansible.linuxOnly', { os: plan.os }));
  const envs = plan.settings.filter((s) => s.kind === 'env');
  const files = plan.settings.filter((s) => s.kind !== 'env' && s.kind !== 'os-store');
  const homeFiles = [...new Set(files.map(homeRelative))];
  // Every folder below the home a settings file needs, parents first.
  const homeDirs = [
    ...new Set(
      homeFiles.flatMap((f) => {
        const parts = f.split('/').slice(0, -1);
        return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
      }),
    ),
  ].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const dir = 'roles/trustfix_ca';
  const artifacts: Artifact[] = [
    { path: `${dir}/defaults/main.yml`, content: defaults(plan, homeFiles, homeDirs) },
    { path: `${dir}/tasks/main.yml`, content: mainTasks(plan, envs, files) },
    { path: `${dir}/tasks/record.yml`, content: RECORD_TASKS(plan) },
    { path: `${dir}/tasks/record_home.yml`, content: RECORD_TASKS(plan, 'trustfix_owner') },
    { path: `${dir}/tasks/undo.yml`, content: undoTasks(plan) },
    { path: `${dir}/tasks/undo_home.yml`, content: undoHomeTasks(plan) },
    { path: `${dir}/handlers/main.yml`, content: handlers(plan) },
    // The certificate alone: the distribution's tool copies the file into the bundle every client
    // reads, so nothing but PEM goes in it (its SHA-256 is the root's; its name carries the first 16 hex).
    { path: `${dir}/files/${plan.root.fileName}`, content: `${plan.root.pem.trimEnd()}\n` },
    { path: 'site.yml', content: play(plan, 'trust the root', '') },
    { path: 'undo.yml', content: play(plan, 'undo the root', '        tasks_from: undo\n') },
  ];
  return artifacts;
};
