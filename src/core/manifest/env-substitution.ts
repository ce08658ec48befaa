// `${VAR}` references in manifest string values, replaced from the injected environment (never process.env here).
// `$${` is a literal `${`. An unset or malformed reference is a problem; substituted values are never echoed.
import { nearest } from './suggest.js';
import { pointer, quote } from './problems.js';

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

/** Returns a copy of `root` with every string's references substituted, and what could not be. */
export function substituteEnv(root: unknown, env: Readonly<Record<string, string | undefined>>): Substituted {
  const findings: EnvFinding[] = [];
  const setNames = Object.keys(env).filter((name) => env[name] !== undefined);
  const value = walk(root, '', env, setNames, findings);
  return { value, findings };
}

function walk(
  value: unknown,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  setNames: string[],
  findings: EnvFinding[],
): unknown {
  if (typeof value === 'string') return substituteString(value, path, env, setNames, findings);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, pointer(path, i), env, setNames, findings));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      Object.defineProperty(out, name, {
        value: walk(child, pointer(path, name), env, setNames, findings),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
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
