// Manifest problems: where (file:line:column and JSON path) and what is wrong, and how they print.
// Problems never carry a manifest's values (they may be secrets or hostile text), only names and positions.

/** One thing wrong with the manifests, located as precisely as the source allows (1-based line and column). */
export interface ManifestProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON pointer into the document (`/serviceUsers/0/keys/1/name`); empty for the whole file or document. */
  readonly path: string;
  readonly message: string;
  /** A nearby valid spelling, printed as `(did you mean 'expiresIn'?)`. */
  readonly suggestion?: string;
}

// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Escapes control and bidirectional-override characters so user text cannot steer a terminal. */
function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => `\\u${ch.codePointAt(0)?.toString(16).padStart(4, '0') ?? ''}`);
}

/** Quotes user-supplied text (a field name, a store name) for a message: escaped and shortened. */
export function quote(text: string, max = 64): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${printable(shown)}'`;
}

/** `file:line:col` of a source location, for messages that name a second place. */
export function at(location: { readonly file: string; readonly line: number; readonly column: number }): string {
  return `${printable(location.file)}:${location.line}:${location.column}`;
}

/** One line per problem: `file:line:col: path: message (did you mean 'x'?)`. */
export function formatProblem(problem: ManifestProblem): string {
  return line(problem, printable(problem.file));
}

/**
 * The line of one problem whose file name is already printable, as one flat string (join): a template literal would
 * keep a tree of its pieces, and a plan can warn about 100,000 keys at once (bench/plan).
 */
function line(problem: ManifestProblem, file: string): string {
  const path = problem.path === '' ? '' : ` ${printable(shortPath(problem.path))}:`;
  const hint = problem.suggestion === undefined ? '' : ` (did you mean ${quote(problem.suggestion)}?)`;
  return [file, ':', problem.line, ':', problem.column, ':', path, ' ', problem.message, hint].join('');
}

/** A pointer with over-long segments (hostile field names) shortened, so one problem stays one readable line. */
function shortPath(path: string): string {
  if (path.length <= 65) return path;
  return path
    .split('/')
    .map((segment) => (segment.length > 64 ? `${segment.slice(0, 64)}…` : segment))
    .join('/');
}

/** All problems, one line each, in the order given. */
export function formatProblems(problems: readonly ManifestProblem[]): string {
  return [...problemLines(problems)].join('\n');
}

/**
 * The lines of formatProblems one at a time, so a caller printing 100,000 warnings can write them in pieces instead of
 * holding them all as one string (bench/plan).
 */
export function* problemLines(problems: readonly ManifestProblem[]): Generator<string, void, undefined> {
  // Problems come sorted by file: each file name is made printable once, not once per problem.
  let file: string | undefined;
  let shown = '';
  for (const problem of problems) {
    if (problem.file !== file) {
      file = problem.file;
      shown = printable(file);
    }
    yield line(problem, shown);
  }
}

/** Stable order: by file, then line, column and path. */
export function sortProblems(problems: readonly ManifestProblem[]): ManifestProblem[] {
  return [...problems].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.path, b.path) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Appends a segment to a JSON pointer, escaping `~` and `/` (RFC 6901). */
export function pointer(base: string, segment: string | number): string {
  const text = String(segment);
  if (!text.includes('~') && !text.includes('/')) return `${base}/${text}`;
  return `${base}/${text.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The JSON pointer of a path given as segments. */
export function pathOf(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>(pointer, '');
}

/** Splits a JSON pointer into its unescaped segments. */
export function pointerSegments(path: string): string[] {
  if (path === '') return [];
  if (!path.includes('~')) return path.slice(1).split('/');
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
