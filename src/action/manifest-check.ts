// Loads the manifests for the Action before anything observes or changes: every problem becomes an annotation on
// its file, line and column, and a file store is refused before any key is created. Never prints a manifest value.
import { relative, resolve, sep } from 'node:path';
import type { DesiredModel } from '../core/desired.js';
import { formatProblem, formatProblems, loadManifests, type ManifestProblem } from '../core/manifest/index.js';
import { userError } from '../kernel/errors.js';
import type { ActionIo, AnnotationPlace } from './types.js';

/** A problem's place for an annotation: its file relative to the repository root (the workspace), as GitHub wants. */
function annotationPlace(problem: ManifestProblem, workingDirectory: string, workspaceRoot: string): AnnotationPlace {
  const file = relative(workspaceRoot, resolve(workingDirectory, problem.file)).split(sep).join('/');
  return { file, line: problem.line, column: problem.column };
}

/**
 * A file store writes secrets.age into the runner's workspace, which is thrown away after the job: a secret
 * delivered there would be lost. The Action refuses it; the CLI on a machine that keeps the file is the place for it.
 */
function refuseFileStores(model: DesiredModel): void {
  const found = model.scopes.flatMap((scope) =>
    Object.entries(scope.stores)
      .filter(([, config]) => config.type === 'file')
      .map(([name]) => `${scope.file} (store '${name}')`),
  );
  if (found.length === 0) return;
  throw userError(
    'action.file-store',
    `type: file stores cannot be used in the Action: ${found.join(', ')}. The runner's ` +
      'workspace is discarded after the job, so a secret written to secrets.age there would be lost. Use a github, ' +
      'vault or exec store in manifests the Action applies, and run file stores with the keyward CLI ' +
      'where the file is kept ' +
      '(see docs/action.md).',
  );
}

/** Validates the manifests, annotating every problem and warning; throws one user error listing them all. */
export async function checkManifests(
  files: readonly string[],
  options: {
    readonly io: ActionIo;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly workingDirectory: string;
    readonly workspaceRoot: string;
  },
): Promise<DesiredModel> {
  const { io, workingDirectory, workspaceRoot } = options;
  const loaded = await loadManifests(files, { env: options.env, cwd: workingDirectory });
  if (!loaded.ok) {
    for (const problem of loaded.problems)
      io.error(formatProblem(problem), annotationPlace(problem, workingDirectory, workspaceRoot));
    const count = loaded.problems.length;
    throw userError(
      'manifest.invalid',
      `${count} problem${count === 1 ? '' : 's'} in the manifests:\n${formatProblems(loaded.problems)}`,
    );
  }
  for (const problem of loaded.warnings)
    io.warning(formatProblem(problem), annotationPlace(problem, workingDirectory, workspaceRoot));
  refuseFileStores(loaded.model);
  return loaded.model;
}
