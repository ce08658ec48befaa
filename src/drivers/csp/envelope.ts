// Unwraps the dialect's success envelopes: `{"result": {...}}` for one object, `{"results": [...]}` for lists.
// Reports shape problems by field path only; never quotes a response body (a create answer holds a secret).
import type { KeywardError } from '../../kernel/errors.js';
import type { CallRef } from './failures.js';
import { badResponse } from './failures.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function singleResult(call: CallRef, body: unknown): Record<string, unknown> {
  if (!isRecord(body) || !isRecord(body.result)) throw badResponse(call, 'no "result" object');
  return body.result;
}

export function listItems(call: CallRef, body: unknown): unknown[] {
  if (!isRecord(body) || !Array.isArray(body.results)) throw badResponse(call, 'no "results" list');
  return body.results as unknown[];
}

/** A field-level shape error, e.g. `results[3].expires_at is not an RFC 3339 time`. */
export function shapeError(call: CallRef, where: string, problem: string): KeywardError {
  return badResponse(call, `${where} ${problem}`);
}
