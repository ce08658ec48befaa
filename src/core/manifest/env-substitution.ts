// `${VAR}` references in manifest string values, replaced from the injected environment (never process.env here).
// `$${` is a literal `${`. An unset or malformed reference is a problem; substituted values are never echoed.
import { defineField } from '../../kernel/plain-field.js';
import { nearest } from './suggest.js';
import { pathOf, quote } from './problems.js';

interface EnvFinding {
  readonly path: string;
  /** The reference text as written, to locate it inside the scalar. */
  readonly needle: string;
  readonly message: string;
  readonly suggestion?: string;
}

export interface Substituted {
  readonly value: unknown;
  readonly findings: EnvFinding[];
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}?/g;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `root` with every string's references substituted, and what could not be. Only what changed is copied: a document
 * without references comes back as it is (its path is turned into a pointer only for a finding).
 */
export function substituteEnv(root: unknown, env: Readonly<Record<string, string | undefined>>): Substituted {
  const findings: EnvFinding[] = [];
  const setNames = Object.keys(env).filter((name) => env[name] !== undefined);
  const value = walk(root, [], env, setNames, findings);
  return { value, findings };
}

function walk(
  value: unknown,
  at: Array<string | number>,
  env: Readonly<Record<string, string | undefined>>,
  setNames: string[],
  findings: EnvFinding[],
): unknown {
  if (typeof value === 'string')
    return value.includes('${') ? substituteString(value, pathOf(at), env, setNames, findings) : value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let out: unknown[] | undefined;
    for (const [i, item] of items.entries()) {
      at.push(i);
      const changed = walk(item, at, env, setNames, findings);
      at.pop();
      if (changed !== item) (out ??= [...items])[i] = changed;
    }
    return out ?? items;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(value)) {
      at.push(name);
      const changed = walk(child, at, env, setNames, findings);
      at.pop();
      if (changed !== child) defineField((out ??= copy(value)), name, changed);
    }
    return out ?? value;
  }
  return value;
}

/** A shallow copy of an object's own enumerable fields, `__proto__` included as a plain field. */
function copy(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) defineField(out, name, child);
  return out;
}

function substituteString(
  text: string,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  setNames: string[],
  findings: EnvFinding[],
): string {
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (!match.endsWith('}') || name === undefined || !VARIABLE.test(name)) {
      findings.push({
        path,
        needle: match.slice(0, 40),
        message: 'malformed ${...} reference: write ${NAME} with letters, digits and _ (or $${ for a literal ${)',
      });
      return match;
    }
    const replacement = env[name];
    if (replacement === undefined) {
      const suggestion = nearest(name, setNames);
      findings.push({
        path,
        needle: match,
        message: `environment variable ${quote(name)} is not set`,
        ...(suggestion === undefined ? {} : { suggestion: `\${${suggestion}}` }),
      });
      return match;
    }
    return replacement;
  });
}
