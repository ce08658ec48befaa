// loadManifests: files and directories of YAML manifests → the desired model, or every problem at once.
// Reads only the files named; takes the environment as an argument; never throws for bad input.
import type { DesiredModel, DesiredScope } from '../desired.js';
import { checkDocument } from './check-document.js';
import { crossCheck, locateNames, type LoadedScope } from './cross-checks.js';
import { findManifestFiles } from './files.js';
import { sharedDestinations } from './shared-destinations.js';
import { sortProblems, type ManifestProblem } from './problems.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { readManifestText } from './read-text.js';
import { manifestValidator } from './schema.js';
import { parseManifestText } from './yaml-documents.js';

export interface LoadOptions {
  /** The environment `${VAR}` references read from (pass process.env at the edge, a literal in tests). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against; file names in the model and problems are relative to it. */
  readonly cwd: string;
  /**
   * Told of each document's scope as soon as that document checks clean, before the other files are read (so a
   * caller can start work on its key API); the load as a whole may still fail.
   */
  readonly onScope?: (scope: DesiredScope) => void;
}

/** Problems listed at most; past that the rest are counted in one last problem (hostile input can make millions). */
export const MAX_PROBLEMS = 1000;

export type LoadResult =
  | { readonly ok: true; readonly model: DesiredModel; readonly warnings: ManifestProblem[] }
  | { readonly ok: false; readonly problems: ManifestProblem[] };

export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const validate = manifestValidator();
  const found = await findManifestFiles(paths, options.cwd);
  const errors: ManifestProblem[] = [...found.problems];
  const warnings: ManifestProblem[] = [];
  const loaded: LoadedScope[] = [];
  for (const file of found.files) {
    // Between files the event loop runs, so work started meanwhile (a key API's listing) goes on while this loads.
    await yieldToEventLoop();
    const read = readManifestText(file.absolute, file.display);
    if (!read.ok) {
      errors.push(read.problem);
      continue;
    }
    const parsed = parseManifestText(read.text, file.display);
    errors.push(...parsed.problems);
    if (parsed.documents.length === 0 && parsed.problems.length === 0) {
      warnings.push({ file: file.display, line: 1, column: 1, path: '', message: 'file holds no manifest documents' });
    }
    for (const doc of parsed.documents) {
      const checked = checkDocument(doc, validate, options.env);
      errors.push(...checked.errors);
      warnings.push(...checked.warnings);
      // Keep names' locations, not the document: each file's YAML tree can be freed once it is checked.
      if (checked.scope !== undefined) loaded.push(locateNames(checked.scope, doc));
      if (checked.scope !== undefined && checked.errors.length === 0) options.onScope?.(checked.scope);
    }
  }
  errors.push(...crossCheck(loaded), ...sharedDestinations(loaded.map((l) => l.scope)));
  if (errors.length > 0) return { ok: false, problems: capped(sortProblems(errors)) };
  const scopes: DesiredScope[] = loaded.map((l) => l.scope);
  return { ok: true, model: { scopes }, warnings: sortProblems(warnings) };
}

function capped(problems: ManifestProblem[]): ManifestProblem[] {
  const first = problems[MAX_PROBLEMS];
  if (first === undefined) return problems;
  const more = problems.length - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    {
      file: first.file,
      line: first.line,
      column: first.column,
      path: first.path,
      message: `and ${more} more problem${more === 1 ? '' : 's'} from here on (only the first ${MAX_PROBLEMS} are listed)`,
    },
  ];
}
