// `keyward plan <paths...>`: observes the key API and stores, prints what apply would do; with --detailed-exitcode
// exit 0 only when nothing is to do and nothing needs attention, 2 for changes, blocked actions or attention notices.
import { nullSink } from '../../kernel/events.js';
import { isSettled, planToJson } from '../../core/plan/index.js';
import { EXIT_CHANGES, EXIT_OK } from '../io.js';
import { colorsFor } from '../../app/render/colors.js';
import { renderPlanText } from '../../app/render/plan-text.js';
import { observeAndPlan } from '../../app/reconcile.js';
import { openWorkspace } from '../../app/workspace.js';
import type { RegisterCommand } from './index.js';
import { clockFrom, printWarnings } from './shared.js';

interface PlanFlags {
  json?: boolean;
  detailedExitcode?: boolean;
  allowDestroy?: boolean;
  forceRetire?: boolean;
}

export const registerPlanCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('plan')
    .description('show what apply would change')
    .argument('<paths...>', 'manifest files or directories')
    .option('--json', 'print the plan as JSON (formatVersion 1, see docs/plan-json.md)')
    .option('--detailed-exitcode', 'exit 0 when nothing is to do and nothing needs attention; 2 for changes, blocked actions, undelivered keys or rotation due; 1 on error')
    .option('--allow-destroy', 'plan destructive actions as executable')
    .option('--force-retire', 'retire superseded generations as soon as their successor is delivered')
    .action(async (paths: string[], flags: PlanFlags) => {
      const clock = clockFrom(io.env);
      const workspace = await openWorkspace(paths, { env: io.env, cwd: io.cwd, clock, sink: nullSink });
      printWarnings(io, workspace.warnings);
      const { plan } = await observeAndPlan(workspace, { allowDestroy: flags.allowDestroy === true, forceRetire: flags.forceRetire === true }, clock);
      io.stdout.write(flags.json ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : renderPlanText(plan, colorsFor(io.stdout, io.env)));
      setExitCode(flags.detailedExitcode && !isSettled(plan) ? EXIT_CHANGES : EXIT_OK);
    });
};
