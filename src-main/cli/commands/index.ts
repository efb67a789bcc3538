// Every `trustfix` command, one file each. Add a command by adding it to this list.
import type { Command } from '@commander-js/extra-typings';
import { checkCommand } from './check.ts';
import { pythonsCommand } from './pythons.ts';
import { scanCommand } from './scan.ts';
import { uiCommand } from './ui.ts';

export function allCommands(): Array<Command<any, any, any>> {
  return [scanCommand(), pythonsCommand(), checkCommand(), uiCommand()];
}
