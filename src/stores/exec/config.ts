// The exec store's manifest configuration: argv arrays (no shell) with placeholders, extra env, and a timeout.
// Validated up front; a placeholder can only ever expand to secret-free metadata, never to the secret.
import { isAbsolute, resolve } from 'node:path';
import { readDuration } from '../../kernel/time/duration.js';
import { rejectUnknownFields, storeConfigError, type StoreIdentity } from '../store-error.js';
import type { StoreConfig } from '../../core/ports/secret-store.js';

/** Placeholders a write command may use; all of them are secret-free. */
const WRITE_PLACEHOLDERS = ['name', 'store', 'keyId', 'serviceUser', 'keyName', 'generation', 'updatedAt'] as const;
/** describe and delete know only which secret they are about. */
const LOOKUP_PLACEHOLDERS = ['name', 'store'] as const;

export type Placeholder = (typeof WRITE_PLACEHOLDERS)[number];

export interface ExecStoreConfig {
  /** Delivers the secret read from standard input. */
  readonly command: readonly string[];
  /** Prints what the destination holds (describe-output.ts); without it keyward cannot verify delivery. */
  readonly describe: readonly string[];
  /** Removes the secret (exit 0 also when already absent); without it delete is refused. */
  readonly delete: readonly string[] | null;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Longest timeout: a day (setTimeout cannot wait beyond about 24.8 days, and no store command should take hours). */
const MAX_TIMEOUT_MS = 24 * 3_600_000;

function parseArgv(
  store: StoreIdentity,
  field: string,
  value: unknown,
  allowed: readonly string[],
  baseDir: string,
): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((part) => typeof part === 'string') ||
    value[0] === ''
  ) {
    throw storeConfigError(
      store,
      field,
      'must be a non-empty list of strings: the program and its arguments (no shell)',
    );
  }
  const argv = value;
  argv.forEach((part, i) => {
    for (const match of part.matchAll(/\{([A-Za-z]+)\}/g)) {
      const placeholder = match[1] ?? '';
      if (!allowed.includes(placeholder)) {
        throw storeConfigError(
          store,
          `${field}[${i}]`,
          `unknown placeholder {${placeholder}}; allowed here: ${allowed.map((p) => `{${p}}`).join(' ')}`,
        );
      }
    }
  });
  const program = argv[0] ?? '';
  // A program with a slash is a path: relative ones resolve against the manifest's directory, not keyward's cwd.
  const resolved = program.includes('/') && !isAbsolute(program) ? resolve(baseDir, program) : program;
  return [resolved, ...argv.slice(1)];
}

export function parseExecStoreConfig(store: StoreIdentity, config: StoreConfig, baseDir: string): ExecStoreConfig {
  rejectUnknownFields(store, config, ['command', 'describe', 'delete', 'env', 'timeout']);
  const command = parseArgv(store, 'command', config.command, WRITE_PLACEHOLDERS, baseDir);
  const del =
    config.delete === undefined ? null : parseArgv(store, 'delete', config.delete, LOOKUP_PLACEHOLDERS, baseDir);
  const env: Record<string, string> = {};
  if (config.env !== undefined) {
    if (typeof config.env !== 'object' || config.env === null || Array.isArray(config.env)) {
      throw storeConfigError(store, 'env', 'must map variable names to strings');
    }
    for (const [key, value] of Object.entries(config.env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
        throw storeConfigError(store, `env.${key}`, 'is not a valid environment variable name');
      if (typeof value !== 'string') throw storeConfigError(store, `env.${key}`, 'must be a string');
      if (key.startsWith('KEYWARD_'))
        throw storeConfigError(store, `env.${key}`, 'KEYWARD_* variables are set by keyward itself');
      env[key] = value;
    }
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (config.timeout !== undefined) {
    // The one duration grammar of keyward (kernel/time/duration.ts): `30s`, `2min`, `1h`; `2m` is ambiguous.
    const reading = typeof config.timeout === 'string' ? readDuration(config.timeout.trim()) : null;
    if (reading === null || !reading.ok || reading.ms <= 0 || reading.ms > MAX_TIMEOUT_MS) {
      const why = reading !== null && !reading.ok ? `${reading.problem}; ` : '';
      throw storeConfigError(store, 'timeout', `${why}must be a positive duration up to 24h, like 30s, 2min or 1h`);
    }
    timeoutMs = reading.ms;
  }
  // Required: keyward verifies every delivery by asking which key ID the destination holds; without that it could
  // neither confirm a write nor find a key a crash left undelivered, and rotation could retire a key still in use.
  if (config.describe === undefined) {
    throw storeConfigError(
      store,
      'describe',
      'is required: keyward verifies each delivery by asking the destination which key ID it holds; give a command that prints {"state": "holds", "keyId": "...", "updatedAt": "..."}, {"state": "absent"} or {"state": "uncertain", "candidates": [...]}',
    );
  }
  const describe = parseArgv(store, 'describe', config.describe, LOOKUP_PLACEHOLDERS, baseDir);
  return { command, describe, delete: del, env, timeoutMs };
}

/** Replaces `{placeholder}`s with their values; config validation guarantees every placeholder is known. */
export function expandArgv(argv: readonly string[], values: Readonly<Partial<Record<Placeholder, string>>>): string[] {
  return argv.map((part) =>
    part.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => values[name as Placeholder] ?? whole),
  );
}
