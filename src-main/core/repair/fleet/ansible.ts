// `trustfix plan trust ROOT --for ansible`: an Ansible role (ansible-core's builtin modules only) that
// puts ROOT into a Linux machine's store the distribution's way (Debian family: the anchor folder +
// update-ca-certificates; RHEL family: the anchors folder + update-ca-trust), then gives each client
// that does not read the generated bundle its setting. Before the first change to a file the role keeps
// its exact bytes (or notes that the file did not exist) in a state folder, once; undo.yml puts every
// file back from there, removes what the role created, and regenerates the store. A second run changes
// nothing, and `--check` reports what a run would change without changing anything.
import { msg, Problem } from '../../messages.ts';
import type { Artifact, FleetPlan, FleetSetting, Generator } from './types.ts';

/** The file the role writes for login shells (every user's, through /etc/profile). */
export const PROFILE_FILE = '/etc/profile.d/trustfix-ca.sh';

const q = (s: string): string => JSON.stringify(s);

function header(plan: FleetPlan, what: string): string {
  return [
    `# TrustFix ${plan.trustfixVersion}: ${what}`,
    `# Root: ${plan.root.name.replace(/[\r\n]/g, ' ')}`,
    `# SHA-256: ${plan.root.sha256}`,
    `# Generated ${plan.generatedAt}. Undo: ansible-playbook undo.yml (same inventory and variables).`,
    '',
  ].join('\n');
}

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
  const common = [
    `    path: ${q(path)}`,
    '    create: true',
    '    owner: "{{ item.stat.uid }}"',
    '    group: "{{ item.stat.gid }}"',
    '    mode: "0644"',
  ];
  const loop = ['  loop: "{{ trustfix_homes.results }}"', '  loop_control:', '    label: "{{ item.stat.path }}"'];
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
# the user the play runs as. Each file is written as the home's owner.
trustfix_users:
  - "{{ ansible_env.HOME }}"

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

const OS_TASKS = `- name: "The OS family is one the role knows (Debian or RedHat)"
  ansible.builtin.assert:
    that: ansible_facts.os_family in trustfix_os_families
    fail_msg: "TrustFix's role knows the Debian and RedHat families; this machine is {{ ansible_facts.os_family }}."
    quiet: true

- name: "Where this OS family keeps anchors and its generated bundle"
  ansible.builtin.set_fact:
    trustfix_os: "{{ trustfix_os_families[ansible_facts.os_family] }}"
    trustfix_anchor: "{{ trustfix_os_families[ansible_facts.os_family].anchor_dir }}/{{ trustfix_root_file }}"
    trustfix_bundle: "{{ trustfix_os_families[ansible_facts.os_family].bundle }}"
`;

const RECORD_TASKS = (
  plan: FleetPlan,
): string => `${header(plan, 'keep the original bytes of a file before the first change (once)')}
- name: "Recorded before? {{ trustfix_path }}"
  ansible.builtin.stat:
    path: "{{ trustfix_state_dir }}/record{{ trustfix_path }}.record"
    get_checksum: false
  register: trustfix_rec

- name: "Exists now? {{ trustfix_path }}"
  ansible.builtin.stat:
    path: "{{ trustfix_path }}"
    get_checksum: false
  register: trustfix_orig
  when: not trustfix_rec.stat.exists

- name: "Folders for the record of {{ trustfix_path }}"
  ansible.builtin.file:
    path: "{{ item }}"
    state: directory
    mode: "0700"
  loop:
    - "{{ trustfix_state_dir }}/record{{ trustfix_path | dirname }}"
    - "{{ trustfix_state_dir }}/backup{{ trustfix_path | dirname }}"
  when: not trustfix_rec.stat.exists and not ansible_check_mode

- name: "Keep the original bytes of {{ trustfix_path }}"
  ansible.builtin.copy:
    src: "{{ trustfix_path }}"
    dest: "{{ trustfix_state_dir }}/backup{{ trustfix_path }}"
    remote_src: true
    force: false
    mode: preserve
  when: not trustfix_rec.stat.exists and trustfix_orig.stat.exists and not trustfix_orig.stat.isdir and not ansible_check_mode

- name: "Note whether {{ trustfix_path }} existed"
  ansible.builtin.copy:
    content: "{{ ('dir-' if trustfix_is_dir else '') ~ ('existed' if trustfix_orig.stat.exists else 'created') }}\\n"
    dest: "{{ trustfix_state_dir }}/record{{ trustfix_path }}.record"
    force: false
    mode: "0600"
  when: not trustfix_rec.stat.exists and not ansible_check_mode
`;

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

- name: "Keep what each file the role may change holds now (once, before the first change)"
  ansible.builtin.include_tasks: record.yml
  loop: "{{ [trustfix_anchor, trustfix_bundle${envs.length ? ', trustfix_profile_file' : ''}] + (trustfix_homes.results | map(attribute='stat.path') | product(trustfix_home_files) | map('join', '/') | list) }}"
  loop_control:
    loop_var: trustfix_path
  vars:
    trustfix_is_dir: false

- name: "Note which folders in the homes the role creates"
  ansible.builtin.include_tasks: record.yml
  loop: "{{ trustfix_homes.results | map(attribute='stat.path') | product(trustfix_home_dirs) | map('join', '/') | list }}"
  loop_control:
    loop_var: trustfix_path
  vars:
    trustfix_is_dir: true

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
  register: trustfix_dirs

- name: "Create the missing ones"
  ansible.builtin.file:
    path: "{{ item.item.0.stat.path }}/{{ item.item.1 }}"
    state: directory
    owner: "{{ item.item.0.stat.uid }}"
    group: "{{ item.item.0.stat.gid }}"
    mode: "0755"
  loop: "{{ trustfix_dirs.results }}"
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

function undoTasks(plan: FleetPlan): string {
  return `${header(plan, 'undo: every file back byte for byte, what the role created removed')}
${OS_TASKS}
- name: "What the role recorded"
  ansible.builtin.find:
    paths: "{{ trustfix_state_dir }}/record"
    patterns: "*.record"
    recurse: true
    hidden: true
  register: trustfix_records

- name: "Read each record"
  ansible.builtin.slurp:
    src: "{{ item.path }}"
  loop: "{{ trustfix_records.files }}"
  loop_control:
    label: "{{ item.path }}"
  register: trustfix_slurped

- name: "The files and folders, and whether each existed"
  ansible.builtin.set_fact:
    trustfix_undo: "{{ (trustfix_undo | default([])) + [{'path': item.item.path[((trustfix_state_dir ~ '/record') | length):-7], 'was': item.content | b64decode | trim}] }}"
  loop: "{{ trustfix_slurped.results }}"
  loop_control:
    label: "{{ item.item.path }}"

- name: "Put back the original bytes of each file that existed"
  ansible.builtin.copy:
    src: "{{ trustfix_state_dir }}/backup{{ item.path }}"
    dest: "{{ item.path }}"
    remote_src: true
    mode: preserve
  loop: "{{ trustfix_undo | default([]) | selectattr('was', 'equalto', 'existed') | rejectattr('path', 'equalto', trustfix_bundle) | list }}"
  loop_control:
    label: "{{ item.path }}"

- name: "Remove each file the role created"
  ansible.builtin.file:
    path: "{{ item.path }}"
    state: absent
  loop: "{{ trustfix_undo | default([]) | selectattr('was', 'equalto', 'created') | list }}"
  loop_control:
    label: "{{ item.path }}"

- name: "Remove each folder the role created, if nothing else is in it now"
  ansible.builtin.command:
    argv: [rmdir, --ignore-fail-on-non-empty, "{{ item }}"]
    removes: "{{ item }}"
  loop: "{{ trustfix_undo | default([]) | selectattr('was', 'equalto', 'dir-created') | map(attribute='path') | sort(reverse=true) | list }}"

- name: "Regenerate the OS store from its sources (the root's anchor is gone)"
  ansible.builtin.command:
    argv: "{{ trustfix_os.refresh_fresh }}"
  when: (trustfix_undo | default([])) | length > 0

# follow: on the RHEL family the bundle's path is a link the distribution made
# (/etc/pki/tls/certs/ca-bundle.crt -> ../../ca-trust/extracted/pem/tls-ca-bundle.pem): the bytes go
# to the file it names, and the link stays a link.
- name: "The generated bundle: its original bytes, if regenerating did not give them"
  ansible.builtin.copy:
    src: "{{ trustfix_state_dir }}/backup{{ trustfix_bundle }}"
    dest: "{{ trustfix_bundle }}"
    remote_src: true
    follow: true
    mode: preserve
  when: (trustfix_undo | default([]) | selectattr('path', 'equalto', trustfix_bundle) | selectattr('was', 'equalto', 'existed') | list | length) > 0

- name: "Forget the records"
  ansible.builtin.file:
    path: "{{ trustfix_state_dir }}"
    state: absent
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
    { path: `${dir}/tasks/undo.yml`, content: undoTasks(plan) },
    { path: `${dir}/handlers/main.yml`, content: handlers(plan) },
    // The certificate alone: the distribution's tool copies the file into the bundle every client
    // reads, so nothing but PEM goes in it (its SHA-256 is the root's; its name carries the first 16 hex).
    { path: `${dir}/files/${plan.root.fileName}`, content: `${plan.root.pem.trimEnd()}\n` },
    { path: 'site.yml', content: play(plan, 'trust the root', '') },
    { path: 'undo.yml', content: play(plan, 'undo the root', '        tasks_from: undo\n') },
  ];
  return artifacts;
};
