// `keyward plan <paths...>`: observes the key API and stores, prints what apply would do; with --detailed-exitcode
// exit 0 only when nothing is to do and nothing needs attention, 2 for changes, blocked actions or attention notices.
import { nullSink } from '../../kernel/events.js';
import { isSettled, planToJson } from '../../core/plan/index.js';
import { EXIT_CHANGES, EXIT_OK } from '../io.js';
import { colorsFor } from '../../app/render/colors.js';
import { renderPlanText } from '../../app/render/plan-text.js';
import { observeAndPlan } from '../../app/reconcile.js';
import { desiredDigest, savedPlan, summarizeObserved, writeSavedPlan } from '../../app/saved-plan.js';
import { packageVersion } from '../version.js';
import type { RegisterCommand } from './index.js';
import { clockFrom, openWorkspaceWarned } from './shared.js';

interface PlanFlags {
  json?: boolean;
  detailedExitcode?: boolean;
  allowDestroy?: boolean;
  forceRetire?: boolean;
  out?: string;
}

export const registerPlanCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('plan')
    .description('show what apply would change')
    .argument('<paths...>', 'manifest files or directories')
    .option('--json', 'print the plan as JSON (formatVersion 1, see docs/plan-json.md)')
    .option(
      '--detailed-exitcode',
      'exit 0 when nothing is to do and nothing needs attention; 2 for changes, blocked actions, undelivered keys or rotation due; 1 on error',
    )
    .option('--allow-destroy', 'plan destructive actions as executable')
    .option('--force-retire', 'retire superseded generations as soon as their successor is delivered')
    .option('--out <file>', 'save the plan (no secret in it) for `keyward apply <file>`; also -out=<file>')
    .action(async (paths: string[], flags: PlanFlags) => {
      const clock = clockFrom(io.env);
      const workspace = await openWorkspaceWarned(io, paths, { env: io.env, cwd: io.cwd, clock, sink: nullSink });
      const options = {
        allowDestroy: flags.allowDestroy === true,
        forceRetire: flags.forceRetire === true,
        // The text shows only changes; JSON and a saved plan list every unchanged resource.
        listUnchanged: flags.json === true || flags.out !== undefined,
      };
      const { plan, observed } = await observeAndPlan(workspace, options, clock);
      io.stdout.write(
        flags.json
          ? `${JSON.stringify(planToJson(plan), null, 2)}\n`
          : renderPlanText(plan, colorsFor(io.stdout, io.env)),
      );
      if (flags.out !== undefined) {
        const saved = savedPlan({
          version: packageVersion(),
          paths,
          desiredDigest: desiredDigest(workspace.model),
          observed: summarizeObserved(observed, plan),
          plan,
        });
        await writeSavedPlan(flags.out, io.cwd, saved);
        io.stderr.write(`Saved the plan to ${flags.out}: apply exactly it with \`keyward apply ${flags.out}\`.\n`);
      }
      setExitCode(flags.detailedExitcode && !isSettled(plan) ? EXIT_CHANGES : EXIT_OK);
    });
};
