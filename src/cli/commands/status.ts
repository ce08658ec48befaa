// `keyward status <paths...>`: keys, expiry, last use, delivery, rotation due and orphans, without changing anything.
import { nullSink } from '../../kernel/events.js';
import { colorsFor } from '../../app/render/colors.js';
import { renderStatusText } from '../render/status-text.js';
import { observeAndPlan } from '../../app/reconcile.js';
import { openWorkspace } from '../../app/workspace.js';
import type { RegisterCommand } from './index.js';
import { clockFrom, printWarnings } from './shared.js';

export const registerStatusCommand: RegisterCommand = (program, io) => {
  program
    .command('status')
    .description('show declared keys with state, expiry, last use, delivery and notices')
    .argument('<paths...>', 'manifest files or directories')
    .action(async (paths: string[]) => {
      const clock = clockFrom(io.env);
      const workspace = await openWorkspace(paths, { env: io.env, cwd: io.cwd, clock, sink: nullSink });
      printWarnings(io, workspace.warnings);
      const { observed, plan } = await observeAndPlan(workspace, { allowDestroy: false, forceRetire: false }, clock);
      io.stdout.write(renderStatusText(workspace.model, observed, plan, clock.now(), colorsFor(io.stdout, io.env)));
    });
};
