// What every file of the Ansible role shares (ansible.ts writes the role, ansibleUndo.ts its undo):
// YAML quoting, the header naming the root, the tasks that pick the OS family's paths, and the lines
// that make a task run as a home's owner.
import type { FleetPlan } from './types.ts';

export const q = (s: string): string => JSON.stringify(s);

export function header(plan: FleetPlan, what: string): string {
  return [
    `# TrustFix ${plan.trustfixVersion}: ${what}`,
    `# Root: ${plan.root.name.replace(/[\r\n]/g, ' ')}`,
    `# SHA-256: ${plan.root.sha256}`,
    `# Generated ${plan.generatedAt}. Undo: ansible-playbook undo.yml (same inventory and variables).`,
    '',
  ].join('\n');
}

export const OS_TASKS = `- name: "The OS family is one the role knows (Debian or RedHat)"
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

/** Every task of a home's part runs as the home's owner (`owner`: the expression naming them), its
 * module files in trustfix_home_remote_tmp (defaults/main.yml says why). */
export const ownerLines = (owner: string): string[] => [
  '  become: true',
  `  become_user: "{{ ${owner} }}"`,
  '  vars:',
  '    ansible_remote_tmp: "{{ trustfix_home_remote_tmp }}"',
];
export const asOwner = (owner: string | undefined): string => (owner ? `\n${ownerLines(owner).join('\n')}` : '');
