// `keyward apply <paths...>`: plans, asks (or takes --auto-approve), applies with progress, and reports the outcome.
// In CI (no terminal) it refuses without --auto-approve rather than hang on a prompt.
import { userError } from '../../kernel/errors.js';
import { nullSink, type EventSink } from '../../kernel/events.js';
import { crashPoints } from '../../kernel/crash-points.js';
import { EXIT_ERROR, EXIT_OK } from '../io.js';
import { confirm } from '../confirm.js';
import { watchInterrupt } from '../interrupt.js';
import { colorsFor } from '../../app/render/colors.js';
import { planSummaryLine, renderPlanText } from '../../app/render/plan-text.js';
import { renderApplySummary } from '../../app/render/apply-summary.js';
import { applyReporter } from '../render/progress.js';
import { applyPlan, observeAndPlan } from '../../app/reconcile.js';
import { checkSavedPlan, desiredDigest, savedPlanArgument, summarizeObserved } from '../../app/saved-plan.js';
import { packageVersion } from '../version.js';
import type { RegisterCommand } from './index.js';
import { clockFrom, openWorkspaceWarned, positiveInt } from './shared.js';

interface ApplyFlags {
  autoApprove?: boolean;
  allowDestroy?: boolean;
  forceRetire?: boolean;
  parallelism?: number;
}

export const registerApplyCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('apply')
    .description('make the key API and the secret stores match the manifests')
    .argument('<paths...>', 'manifest files or directories')
    .option('--auto-approve', 'apply without asking')
    .option('--allow-destroy', 'let destructive actions run')
    .option('--force-retire', 'retire superseded generations as soon as their successor is delivered')
    .option('--parallelism <n>', 'service users worked on at once (default 4)', positiveInt('--parallelism'))
    .action(async (paths: string[], flags: ApplyFlags) => {
      const clock = clockFrom(io.env);
      const c = colorsFor(io.stdout, io.env);
      // KEYWARD_TEST_CRASH_AT (test only) kills the process at a named event or data.step, store steps included.
      const crash = crashPoints(io.env);
      let forward: EventSink = nullSink;
      // `keyward apply FILE` applies exactly the plan saved by `keyward plan --out FILE`, or refuses if it is stale.
      const reviewed = await savedPlanArgument(paths, io.cwd, packageVersion());
      const sink = crash.wrap((e) => forward(e));
      const opening = { env: io.env, cwd: io.cwd, clock, sink };
      const workspace = await openWorkspaceWarned(io, reviewed?.saved.paths ?? paths, opening);
      const options = reviewed?.saved.plan.options ?? {
        allowDestroy: flags.allowDestroy === true,
        forceRetire: flags.forceRetire === true,
      };
      const fresh = await observeAndPlan(workspace, options, clock);
      if (reviewed !== null) {
        const now = summarizeObserved(fresh.observed, reviewed.saved.plan);
        checkSavedPlan(reviewed.saved, desiredDigest(workspace.model), now, reviewed.file);
      }
      const plan = reviewed?.saved.plan ?? fresh.plan;
      // A saved plan was printed when it was made: say which one runs rather than print it a second time.
      if (reviewed === null) io.stdout.write(renderPlanText(plan, c));
      else io.stdout.write(`Applying the reviewed plan in ${reviewed.file}: ${planSummaryLine(plan)}\n`);
      if (plan.actions.length === 0) {
        // Nothing to run; blocked actions or attention notices were printed with the plan.
        setExitCode(EXIT_OK);
        return;
      }
      // A saved plan was reviewed when it was made (Terraform's habit): it applies without asking again.
      if (!flags.autoApprove && reviewed === null) {
        if (io.stdin.isTTY !== true)
          throw userError(
            'cli.no-approval',
            'refusing to apply without --auto-approve: there is no terminal to confirm on',
          );
        if (!(await confirm(io, '\nDo you want to perform these actions?'))) {
          io.stdout.write('\nApply cancelled: nothing was changed.\n');
          setExitCode(EXIT_ERROR);
          return;
        }
      }
      const reporter = applyReporter(io.stdout, plan.actions.length, c);
      forward = reporter.sink;
      const interrupt = watchInterrupt(io, () => reporter.stop());
      let result;
      try {
        result = await applyPlan(workspace, plan, {
          clock,
          sink: crash.wrap(reporter.sink),
          signal: interrupt.signal,
          ...(flags.parallelism ? { parallelism: flags.parallelism } : {}),
        });
      } finally {
        interrupt.dispose();
        reporter.stop();
      }
      const outcome = result.ok ? 'complete' : interrupt.signal.aborted ? 'interrupted' : 'failed';
      const line = `Apply ${outcome}: ${result.done} done, ${result.failed} failed, ${result.skipped} ${interrupt.signal.aborted ? 'not started' : 'skipped'}.`;
      io.stdout.write(`\n${result.ok ? c.green(line) : c.red(line)}\n`);
      io.stdout.write(renderApplySummary(plan, result, c));
      for (const failed of result.results.filter((r) => r.status === 'failed'))
        io.stderr.write(`Error: ${failed.error?.message ?? failed.actionId}\n`);
      setExitCode(result.ok ? EXIT_OK : EXIT_ERROR);
    });
};
