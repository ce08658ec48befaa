// A cheap lexical guard run before the YAML parser: refuses text nested deeper than the parser can take safely.
// Brackets count only where a flow collection can start, so `see [1` in text does not; anything it misses is caught
// after parsing (the parser survives deep input with a clean error). Real manifests nest about 7 deep.

/** Deepest nesting keyward accepts, counted over flow brackets and block indentation levels. */
export const MAX_NESTING = 64;

export interface TooDeep {
  readonly line: number;
  readonly column: number;
  readonly depth: number;
}

/** The first place where nesting exceeds MAX_NESTING, or undefined. */
export function findExcessiveNesting(text: string): TooDeep | undefined {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let line = 1;
  let lineStart = 0;
  const indents: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      if (quote === undefined && flow === 0) {
        const deep = blockDepth(text, lineStart, indents);
        if (deep !== undefined) return { line, column: deep.column, depth: deep.depth };
      }
      continue;
    }
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === lineStart || /\s/.test(text[i - 1] ?? ''))) i = skipToEol(text, i);
    else if ((ch === '[' || ch === '{') && startsNode(text, i, lineStart)) {
      flow++;
      if (flow + indents.length > MAX_NESTING) return { line, column: i - lineStart + 1, depth: flow + indents.length };
    } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
  }
  return undefined;
}

/**
 * Whether a bracket at `i` can open a flow collection: at a line start or after `:` `-` `,` `[` `{` `?` (and spaces).
 */
function startsNode(text: string, i: number, lineStart: number): boolean {
  let j = i - 1;
  while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < lineStart) return true;
  const before = text[j];
  return before === ':' || before === '-' || before === ',' || before === '[' || before === '{' || before === '?';
}

function skipToEol(text: string, from: number): number {
  const eol = text.indexOf('\n', from);
  return (eol < 0 ? text.length : eol) - 1;
}

/** Tracks block indentation like an indent stack; `- - -` on one line adds a level per dash. */
function blockDepth(text: string, start: number, indents: number[]): { column: number; depth: number } | undefined {
  let i = start;
  while (text[i] === ' ') i++;
  const indent = i - start;
  const ch = text[i];
  if (ch === undefined || ch === '\n' || ch === '\r' || ch === '#') return undefined;
  while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > indent) indents.pop();
  if (indents.length === 0 || (indents[indents.length - 1] ?? 0) < indent) indents.push(indent);
  let dashes = 0;
  for (let j = i; text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t'); j += 2) {
    dashes++;
    while (text[j + 2] === ' ') j++;
  }
  const depth = indents.length + dashes;
  return depth > MAX_NESTING ? { column: indent + 1, depth } : undefined;
}
