// The scalars of the plain YAML subset (yaml-plain.ts): which plain text the core schema reads as null, a boolean,
// a decimal integer or a string, and the signal that a text leaves the subset. Anything else is NotPlain.

/** Thrown inside the reader when the text leaves the subset; never escapes parsePlainYaml. */
export class NotPlain extends Error {}

export const notPlain = (): never => {
  throw new NotPlain();
};

// A plain scalar may not start with an indicator; '-', '?' and ':' are refused too (they are ambiguous or numbers).
export const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
// The core schema's tags but string (yaml's schema/core): only null, booleans and decimal integers are read here.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const DECIMAL = /^[-+]?[0-9]+$/;
/** First characters of every null, boolean and number form above: anything else is a string without more tests. */
const MAY_BE_CORE = /^[-+.0-9~nNtTfF]/;
const OTHER_CORE = [
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** A plain scalar that the core schema reads as a string, else NotPlain. */
export function plainString(text: string): string {
  if (text === '' || text !== text.trim() || INDICATOR_START.test(text) || text.includes(' #')) notPlain();
  if (MAY_BE_CORE.test(text) && resolvePlain(text) !== text) notPlain();
  return text;
}

/** A plain scalar's value under the core schema; forms beyond null, booleans and decimal integers are NotPlain. */
export function resolvePlain(source: string): unknown {
  if (!MAY_BE_CORE.test(source)) return source;
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (DECIMAL.test(source)) return parseInt(source, 10);
  if (OTHER_CORE.some((re) => re.test(source))) notPlain();
  return source;
}

/** A plain scalar inside a flow collection, where a `:` would start a pair. */
export function plainFlowScalar(source: string): unknown {
  if (INDICATOR_START.test(source) || source.includes(':')) notPlain();
  return resolvePlain(source);
}
