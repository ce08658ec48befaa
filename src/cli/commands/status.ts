// `keyward status <paths...>`: keys, expiry, last use, which stores hold them, problems and notices, changing nothing.
// Exits 2 while a key is expired, undelivered, orphaned or due; `--json` prints the report (docs/status-json.md).
import { nullSink } from '../../kernel/events.js';
import { colorsFor } from '../../app/render/colors.js';
import { buildStatus, statusNeedsAttention } from '../../app/status.js';
import { renderStatusText } from '../render/status-text.js';
import { observeAndPlan } from '../../app/reconcile.js';
import { EXIT_CHANGES, EXIT_OK } from '../io.js';
import type { RegisterCommand } from './index.js';
import { clockFrom, openWorkspaceWarned } from './shared.js';

export const registerStatusCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('status')
    .description(
      'show declared keys with state, expiry, last use, delivery and problems; exit 2 when a key is expired, undelivered, orphaned or due',
    )
    .argument('<paths...>', 'manifest files or directories')
    .option('--json', 'print the status as JSON (formatVersion 1, see docs/status-json.md)')
    .action(async (paths: string[], flags: { json?: boolean }) => {
      const clock = clockFrom(io.env);
      const workspace = await openWorkspaceWarned(io, paths, { env: io.env, cwd: io.cwd, clock, sink: nullSink });
      const options = { allowDestroy: false, forceRetire: false, listUnchanged: false };
      const { observed, plan } = await observeAndPlan(workspace, options, clock);
      const status = buildStatus(workspace.model, observed, plan, clock.now());
      io.stdout.write(
        flags.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatusText(status, colorsFor(io.stdout, io.env)),
      );
      setExitCode(statusNeedsAttention(status) ? EXIT_CHANGES : EXIT_OK);
    });
};
