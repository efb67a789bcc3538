// Every `trustfix` command, one file each. Add a command by adding it to this list.
import type { Command } from '@commander-js/extra-typings';
import { appendCommand } from './append.ts';
import { checkCommand } from './check.ts';
import { elevatedApplyCommand } from './elevatedApply.ts';
import { exportCommand } from './export.ts';
import { fixCommand } from './fix.ts';
import { historyCommand } from './history.ts';
import { osStoreCommand } from './osStore.ts';
import { pointCommand } from './point.ts';
import { pythonsCommand } from './pythons.ts';
import { refreshCommand } from './refresh.ts';
import { scanCommand } from './scan.ts';
import { uiCommand } from './ui.ts';
import { undoCommand } from './undo.ts';
import { useOsStoreCommand } from './useOsStore.ts';

export function allCommands(): Array<Command<any, any, any>> {
  return [
    scanCommand(),
    pythonsCommand(),
    checkCommand(),
    fixCommand(),
    appendCommand(),
    refreshCommand(),
    exportCommand(),
    pointCommand(),
    osStoreCommand(),
    useOsStoreCommand(),
    historyCommand(),
    undoCommand(),
    uiCommand(),
    elevatedApplyCommand(),
  ];
}
