// Resolves one key's expiry and rotation policy from the key, the manifest's defaults and the built-in defaults,
// and checks that the combination makes sense (no absurd durations, rotation not due at birth).
import type { Expiry, RotationPolicy } from '../desired.js';
import { DAY_MS, formatDuration, MAX_DURATION_MS, readDuration, TOO_LONG } from '../../kernel/time/duration.js';
import { error, warning, type Finding } from './findings.js';
import { BUILTIN_DEFAULTS, type RawDefaults, type RawKey } from './manifest-types.js';
import { pointer } from './problems.js';

export interface ResolvedPolicy {
  readonly expiry: Expiry;
  readonly rotation: RotationPolicy;
}

/**
 * Policies already resolved in one manifest, by their settings' text: keys with the same settings (most keys take the
 * defaults) share one expiry and one rotation object instead of each holding its own (100,000 keys, bench/plan).
 * Shared objects are never changed after they are made.
 */
export interface SharedPolicies {
  readonly rotations: Map<string, RotationPolicy>;
  readonly expiries: Map<string, Expiry>;
}

export function sharedPolicies(): SharedPolicies {
  return { rotations: new Map(), expiries: new Map() };
}

const NEVER: Expiry = { kind: 'never' };

/** A duration setting and where it came from (a key field, the manifest defaults, or built in). */
interface Setting {
  readonly text: string;
  readonly path: string | undefined;
}

function setting(
  keyPath: string,
  key: RawKey,
  defaults: RawDefaults,
  field: 'expiresIn' | 'rotateBefore' | 'overlap' | 'retainDisabled' | 'retireIdle',
): Setting {
  const own = field === 'retainDisabled' || field === 'retireIdle' ? undefined : key[field];
  if (own !== undefined) return { text: own, path: pointer(keyPath, field) };
  const manifest = defaults[field];
  if (manifest !== undefined) return { text: manifest, path: pointer('/defaults', field) };
  return { text: BUILTIN_DEFAULTS[field], path: undefined };
}

/** Checks the manifest's own defaults once (so a bad default is reported once, not per key). */
export function checkDefaults(defaults: RawDefaults): Finding[] {
  const findings: Finding[] = [];
  for (const field of ['expiresIn', 'rotateBefore', 'overlap', 'retainDisabled', 'retireIdle'] as const) {
    const text = defaults[field];
    if (text !== undefined && tooLong(text)) findings.push(error(pointer('/defaults', field), absurd(field)));
  }
  return findings;
}

/** The Infoblox portal's longest key lifetime (its keys cannot be made to never expire). */
const INFOBLOX_MAX_LIFETIME_MS = 56 * 7 * DAY_MS;

export function resolveKeyPolicy(
  keyPath: string,
  key: RawKey,
  defaults: RawDefaults,
  driver: string,
  findings: Finding[],
  shared: SharedPolicies,
): ResolvedPolicy {
  const rotateBefore = setting(keyPath, key, defaults, 'rotateBefore');
  const overlap = setting(keyPath, key, defaults, 'overlap');
  const retain = setting(keyPath, key, defaults, 'retainDisabled');
  const idle = setting(keyPath, key, defaults, 'retireIdle');
  for (const [field, s] of [
    ['rotateBefore', rotateBefore],
    ['overlap', overlap],
  ] as const) {
    if (s.path?.startsWith(keyPath) === true && tooLong(s.text)) findings.push(error(s.path, absurd(field)));
  }
  const rotationId = `${rotateBefore.text}\u0000${overlap.text}\u0000${retain.text}\u0000${idle.text}`;
  let rotation = shared.rotations.get(rotationId);
  if (rotation === undefined) {
    rotation = {
      rotateBeforeMs: ms(rotateBefore.text),
      overlapMs: ms(overlap.text),
      retainDisabledMs: ms(retain.text),
      retireIdleMs: ms(idle.text),
    };
    shared.rotations.set(rotationId, rotation);
  }
  const expiry = resolveExpiry(keyPath, key, defaults, findings, shared.expiries);
  const lifetime = setting(keyPath, key, defaults, 'expiresIn');
  if (
    driver === 'infoblox' &&
    (expiry.kind === 'never' || (expiry.kind === 'in' && expiry.ms > INFOBLOX_MAX_LIFETIME_MS))
  ) {
    findings.push(
      error(
        lifetime.path ?? keyPath,
        `the Infoblox portal lets a key live at most 56 weeks (${expiry.kind === 'never' ? 'never is not allowed' : `not ${lifetime.text}`}); use expiresIn: 56w or less`,
      ),
    );
  }
  if (expiry.kind === 'in') {
    if (rotation.rotateBeforeMs >= expiry.ms) {
      const where = lifetime.path ?? rotateBefore.path ?? keyPath;
      findings.push(
        error(
          where,
          `rotateBefore (${rotateBefore.text}) is not shorter than expiresIn (${expiry.text}): the key would be due for rotation as soon as it is created`,
        ),
      );
    }
  }
  if (expiry.kind !== 'never' && rotation.overlapMs > rotation.rotateBeforeMs && key.state !== 'disabled') {
    findings.push(
      warning(
        overlap.path ?? rotateBefore.path ?? keyPath,
        `overlap (${overlap.text}) is longer than rotateBefore (${rotateBefore.text}): the previous generation expires before the overlap ends`,
      ),
    );
  }
  return { expiry, rotation };
}

function resolveExpiry(
  keyPath: string,
  key: RawKey,
  defaults: RawDefaults,
  findings: Finding[],
  expiries: Map<string, Expiry>,
): Expiry {
  if (key.expiresAt !== undefined) {
    const known = expiries.get(`at\u0000${key.expiresAt}`);
    if (known !== undefined) return known;
    const at = new Date(key.expiresAt);
    if (Number.isNaN(at.getTime())) {
      findings.push(
        error(
          pointer(keyPath, 'expiresAt'),
          'is not a date-time JavaScript can represent (leap seconds are not supported)',
        ),
      );
      return NEVER;
    }
    const expiry: Expiry = { kind: 'at', at };
    expiries.set(`at\u0000${key.expiresAt}`, expiry);
    return expiry;
  }
  const lifetime = setting(keyPath, key, defaults, 'expiresIn');
  if (lifetime.text === 'never') return NEVER;
  if (lifetime.path?.startsWith(keyPath) === true && tooLong(lifetime.text))
    findings.push(error(lifetime.path, absurd('expiresIn')));
  let expiry = expiries.get(`in\u0000${lifetime.text}`);
  if (expiry === undefined) {
    expiry = { kind: 'in', ms: ms(lifetime.text), text: lifetime.text };
    expiries.set(`in\u0000${lifetime.text}`, expiry);
  }
  return expiry;
}

/** Milliseconds of a setting; a too-long one (already reported) counts as endless so no second problem follows. */
function ms(text: string): number {
  const reading = readDuration(text);
  if (reading.ok) return reading.ms;
  return reading.problem === TOO_LONG ? Number.POSITIVE_INFINITY : 0;
}

/** Longer than the grammar's cap: the schema admits the text (it cannot count), so the loader refuses it here. */
function tooLong(text: string): boolean {
  const reading = readDuration(text);
  return !reading.ok && reading.problem === TOO_LONG;
}

function absurd(field: string): string {
  return `${field} is longer than ${formatDuration(MAX_DURATION_MS)}; that is almost certainly a mistake`;
}
