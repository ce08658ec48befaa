// Planning for keyward_api_key: which attributes are unknown until apply, and which changes replace the key
// (name, service_user, generation, expiry, secret destination, expired keys, rotation due). Pure; no I/O.
import { warningDiag, type Diagnostic } from '../diagnostics.js';
import { parseDuration } from '../../kernel/time/duration.js';
import { parseInstant } from '../../kernel/time/instant.js';
import { isUnknown, num, obj, str, valuesEqual, UNKNOWN, type TfObject, type TfValue } from '../values/value.js';
import type { PlanInput, PlanOutput } from './types.js';

function planCreate(proposed: TfObject, config: TfObject | null): PlanOutput {
  const generation = config?.['generation'] ?? UNKNOWN;
  const expiresIn = config?.['expires_in'] ?? null;
  return {
    planned: {
      ...proposed,
      id: UNKNOWN,
      user_id: UNKNOWN,
      created_at: UNKNOWN,
      generation,
      // Known after apply: a create resuming an interrupted one may take a repair attempt name (<name>#<n>.r<k>).
      remote_name: UNKNOWN,
      state: config?.['state'] ?? 'enabled',
      expires_at: config?.['expires_at'] ?? (expiresIn === null ? null : UNKNOWN),
    },
    requiresReplace: [],
    diagnostics: [],
  };
}

function sameInstant(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return valuesEqual(a, b);
  const left = parseInstant(a);
  const right = parseInstant(b);
  return left !== null && right !== null ? left.getTime() === right.getTime() : a === b;
}

/** A key whose expiry is within rotate_before of now. */
function rotationDue(prior: TfObject, config: TfObject | null, now: Date): boolean {
  const rotateBefore = str(config, 'rotate_before');
  const expiresAt = str(prior, 'expires_at');
  if (!rotateBefore || !expiresAt) return false;
  const windowMs = parseDuration(rotateBefore);
  const expiry = parseInstant(expiresAt);
  return windowMs !== undefined && expiry !== null && now.getTime() + windowMs >= expiry.getTime();
}

function planUpdate(prior: TfObject, proposed: TfObject, config: TfObject | null, now: Date): PlanOutput {
  const planned: Record<string, TfValue> = { ...proposed };
  const replace: string[][] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of ['service_user', 'name', 'generation']) {
    if (!valuesEqual(prior[path], proposed[path])) replace.push([path]);
  }
  if (obj(prior, 'secret_store') !== null && !valuesEqual(prior['secret_store'], proposed['secret_store'])) {
    replace.push(['secret_store']);
  }
  if (obj(prior, 'secret_store') === null && obj(proposed, 'secret_store') !== null) {
    diagnostics.push(
      warningDiag(
        'Secret not delivered for an existing key',
        `Key ${str(prior, 'remote_name') ?? ''} existed before secret_store was set (for example, it was imported); ` +
          'its secret cannot be shown again. Bump generation to create a new key and deliver its secret.',
        ['secret_store'],
      ),
    );
  }
  const priorExpiresIn = prior['expires_in'] ?? null;
  if (priorExpiresIn !== null && !valuesEqual(priorExpiresIn, proposed['expires_in'])) {
    replace.push(['expires_in']);
    if (config?.['expires_at'] == null) planned['expires_at'] = UNKNOWN;
  }
  const configExpiresAt = config?.['expires_at'] ?? null;
  if (configExpiresAt !== null && !isUnknown(configExpiresAt) && !sameInstant(prior['expires_at'], configExpiresAt)) {
    replace.push(['expires_at']);
  }
  const desiredState = config?.['state'] ?? 'enabled';
  planned['state'] = desiredState;
  if (prior['state'] === 'expired' && desiredState === 'enabled') replace.push(['state']);
  if (replace.length === 0 && rotationDue(prior, config, now)) {
    const generation = num(prior, 'generation') ?? 1;
    if (config?.['generation'] == null) {
      planned['generation'] = generation + 1;
      replace.push(['generation']);
    } else {
      diagnostics.push(
        warningDiag(
          'API key due for rotation',
          `Key ${str(prior, 'remote_name') ?? ''} expires within rotate_before; set generation = ${generation + 1} to rotate it.`,
          ['generation'],
        ),
      );
    }
  }
  if (replace.length > 0) {
    for (const path of ['id', 'user_id', 'created_at', 'remote_name']) planned[path] = UNKNOWN;
  }
  return { planned, requiresReplace: replace, diagnostics };
}

export function planApiKey(input: PlanInput): PlanOutput {
  const { prior, proposed, config, clock } = input;
  if (!proposed) return { planned: null, requiresReplace: [], diagnostics: [] };
  if (!prior) return planCreate(proposed, config);
  return planUpdate(prior, proposed, config, clock.now());
}
