// `~` patterns in the portal's dialect (RE2, the syntax of Go, flags such as (?i) included), checked and matched
// by re2js in linear time. Never hands a pattern to a database: PostgreSQL's engine backtracks (back-references).
import { RE2JS, RE2JSException } from 're2js';
import { FILTER_LIMITS, type FilterComparison } from './filter-ast.js';
import { filterError } from './filter-error.js';

/** A compiled pattern; `test` answers whether it matches anywhere in a value (like PostgreSQL's `~`). */
export interface FilterRegex {
  test(value: string): boolean;
}

/** Why RE2 refused a pattern, without quoting it: the parser's messages repeat pieces of the pattern. */
const REASONS: readonly [RegExp, string][] = [
  [/invalid escape sequence/, 'an escape RE2 does not have (back-references such as \\1 are not supported)'],
  [
    /invalid named capture|invalid or unsupported Perl syntax/,
    'a group syntax RE2 does not have (look-around is not supported)',
  ],
  [/invalid repeat count|bad repetition/, 'a repeat count over 1000'],
  [/invalid nested repetition|missing argument to repetition/, 'a repetition operator without something to repeat'],
  [/missing closing \)|unexpected \)/, 'unbalanced parentheses'],
  [/missing closing \]|invalid character class/, 'a malformed character class'],
  [/trailing backslash/, 'a trailing backslash'],
  [/invalid UTF-8/, 'text that is not valid Unicode'],
];

/** Checks and compiles the pattern of a `~` comparison; a 400 naming `_filter` and the position when RE2 refuses it. */
export function compileFilterRegex(c: FilterComparison, pattern: string): FilterRegex {
  if (pattern.length > FILTER_LIMITS.maxRegexLength) {
    throw filterError(
      `the regular expression is longer than ${FILTER_LIMITS.maxRegexLength} characters`,
      c.valuePosition,
    );
  }
  try {
    const re = RE2JS.compile(pattern);
    return { test: (value) => re.matcher(value).find() };
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err;
    const reason = REASONS.find(([shape]) => shape.test(err.message))?.[1] ?? 'syntax RE2 does not accept';
    throw filterError(
      `the regular expression for field ${c.field} is not valid RE2 syntax: ${reason}`,
      c.valuePosition,
      "patterns follow RE2 (Go) syntax, e.g. '(?i)^deploy#[0-9]+$'",
    );
  }
}
