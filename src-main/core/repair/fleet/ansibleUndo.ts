// undo.yml and undo_home.yml of the Ansible role: each home as it was (as its owner, from the records
// kept in it), then the system's files from the role's state folder, and the store regenerated.
import { asOwner, header, OS_TASKS } from './ansibleYaml.ts';
import type { FleetPlan } from './types.ts';

/** undo.yml: every home first (undo_home.yml, as its owner), then the system's recorded files. */
export function undoTasks(plan: FleetPlan): string {
  return `${header(plan, 'undo: every file back byte for byte, what the role created removed')}
${OS_TASKS}
- name: "The homes whose settings changed"
  ansible.builtin.stat:
    path: "{{ item }}"
    get_checksum: false
  loop: "{{ trustfix_users }}"
  register: trustfix_homes

- name: "Each home as it was, as the home's owner"
  ansible.builtin.include_tasks: undo_home.yml
  loop: "{{ trustfix_homes.results | selectattr('stat.exists') | selectattr('stat.isdir') | list }}"
  loop_control:
    loop_var: trustfix_home
    label: "{{ trustfix_home.stat.path }}"
  vars:
    trustfix_owner: "{{ trustfix_home.stat.pw_name }}"
    trustfix_state: "{{ trustfix_home.stat.path }}/{{ trustfix_home_state }}"

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

/** undo_home.yml: one home back as it was, from the records the role kept in it, as its owner. */
export function undoHomeTasks(plan: FleetPlan): string {
  const as = asOwner('trustfix_owner');
  return `${header(plan, "undo in one home, as the home's owner")}
- name: "What the role recorded in {{ trustfix_home.stat.path }}"
  ansible.builtin.find:
    paths: "{{ trustfix_state }}/record"
    patterns: "*.record"
    recurse: true
    hidden: true
  register: trustfix_home_records${as}

- name: "Read each record"
  ansible.builtin.slurp:
    src: "{{ item.path }}"
  loop: "{{ trustfix_home_records.files }}"
  loop_control:
    label: "{{ item.path }}"
  register: trustfix_home_slurped${as}

- name: "Nothing to undo in this home yet"
  ansible.builtin.set_fact:
    trustfix_home_undo: []

- name: "The files and folders below the home, and whether each existed"
  ansible.builtin.set_fact:
    trustfix_home_undo: "{{ trustfix_home_undo + [{'key': item.item.path[((trustfix_state ~ '/record') | length):-7], 'was': item.content | b64decode | trim}] }}"
  loop: "{{ trustfix_home_slurped.results }}"
  loop_control:
    label: "{{ item.item.path }}"

- name: "What each file that existed holds now"
  ansible.builtin.stat:
    path: "{{ trustfix_home.stat.path }}{{ item.key }}"
    follow: true
    checksum_algorithm: sha256
  loop: "{{ trustfix_home_undo | selectattr('was', 'equalto', 'existed') | list }}"
  loop_control:
    label: "{{ trustfix_home.stat.path }}{{ item.key }}"
  register: trustfix_home_now${as}

- name: "What each held before the first change"
  ansible.builtin.stat:
    path: "{{ trustfix_state }}/backup{{ item.key }}"
    checksum_algorithm: sha256
  loop: "{{ trustfix_home_undo | selectattr('was', 'equalto', 'existed') | list }}"
  loop_control:
    label: "{{ item.key }}"
  register: trustfix_home_kept${as}

# Only what differs is written: a file the run could not change (its owner may not write it) is left
# alone. follow: a setting file that is a link (into a dotfiles folder) gets its bytes back through
# the link, with the owner's rights, and stays a link.
- name: "Put back the original bytes of each file that changed"
  ansible.builtin.copy:
    src: "{{ item.1.stat.path }}"
    dest: "{{ trustfix_home.stat.path }}{{ item.0.item.key }}"
    remote_src: true
    follow: true
    mode: preserve
  loop: "{{ trustfix_home_now.results | zip(trustfix_home_kept.results) | list }}"
  loop_control:
    label: "{{ trustfix_home.stat.path }}{{ item.0.item.key }}"
  when: item.0.stat.checksum | default('') != item.1.stat.checksum or item.0.stat.mode | default('') != item.1.stat.mode${as}

- name: "Remove each file the role created"
  ansible.builtin.file:
    path: "{{ trustfix_home.stat.path }}{{ item.key }}"
    state: absent
  loop: "{{ trustfix_home_undo | selectattr('was', 'equalto', 'created') | list }}"
  loop_control:
    label: "{{ trustfix_home.stat.path }}{{ item.key }}"${as}

- name: "Remove each folder the role created, if nothing else is in it now"
  ansible.builtin.command:
    argv: [rmdir, --ignore-fail-on-non-empty, "{{ trustfix_home.stat.path }}{{ item }}"]
    removes: "{{ trustfix_home.stat.path }}{{ item }}"
  loop: "{{ trustfix_home_undo | selectattr('was', 'equalto', 'dir-created') | map(attribute='key') | sort(reverse=true) | list }}"${as}

- name: "Forget the records kept in {{ trustfix_home.stat.path }}"
  ansible.builtin.file:
    path: "{{ trustfix_state }}"
    state: absent${as}
`;
}
