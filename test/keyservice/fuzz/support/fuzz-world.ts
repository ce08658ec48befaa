// A key service with a few users and keys for the fuzz suite, and the checks every fuzzed answer must pass.
// Never hides a failure: an answer that breaks a rule fails the property with the request that caused it.
import { expect } from 'vitest';
import {
  at,
  serviceKey,
  serviceUser,
  startTestService,
  type ApiResponse,
  type TestService,
} from '../../support/harness.js';

/** Fixed seeds: a failure names its seed and path, and a rerun gives the same cases. */
export const SEED = 20261102;
export const RUNS = 1000;

export interface FuzzWorld {
  readonly t: TestService;
  /** Every key the world created: none may come back, not even a fragment of its secret half. */
  readonly secrets: readonly string[];
  readonly userId: string;
  readonly keyId: string;
  /** A valid key of a user without permissions, for the second client that keeps verifying. */
  readonly verifierKey: string;
}

export async function startFuzzWorld(): Promise<FuzzWorld> {
  const t = await startTestService('pglite');
  const userId = await serviceUser(t, 'fuzz-owner');
  const created = [await serviceKey(t, userId, 'deploy', at(30)), await serviceKey(t, userId, 'backup', at(60))];
  const verifier = await serviceKey(t, userId, 'verifier', at(90));
  const secrets = [t.adminKey, ...created.map((k) => k.key as string), verifier.key as string];
  return { t, secrets, userId, keyId: created[0]?.id as string, verifierKey: verifier.key as string };
}

/** What a stack trace leaves in text: source files with line numbers, file URLs, module paths, "at" lines. */
const STACK = /node_modules|file:\/\/|\.[cm]?[jt]s:\d+|\n\s+at |\bat \S+ \(\S+:\d+:\d+\)/;

/**
 * Every 12-character piece of a secret half: any of them in an answer is a leak. The test admin key repeats its id
 * as its secret half, so for it only the whole key counts (its id is shown, rightly, in listings).
 */
function fragments(secret: string): string[] {
  if (secret.slice(0, 32) === secret.slice(32)) return [secret];
  const half = secret.slice(32);
  const out: string[] = [];
  for (let i = 0; i + 12 <= half.length; i += 4) out.push(half.slice(i, i + 12));
  return out;
}

/** The rules for any answer: no 5xx, the JSON envelope on errors, no stack trace, no piece of a known secret. */
export function expectSafeAnswer(world: FuzzWorld, r: ApiResponse, what: string): void {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(500);
  expect(r.text, what).not.toMatch(STACK);
  if (r.status >= 400) {
    expect(r.json, `${what}: error envelope`).toMatchObject({
      error: [{ message: expect.any(String), code: expect.any(String) }],
    });
  }
  const pieces = world.secrets.flatMap(fragments);
  const leaked = pieces.find((p) => r.text.includes(p));
  expect(leaked, `${what} repeats part of a secret`).toBeUndefined();
}

/** After a run: no log line held a secret fragment or reported an internal error. */
export function expectCleanLogs(world: FuzzWorld): void {
  const logs = world.t.logs.join('\n');
  expect(logs).not.toMatch(/internal error/);
  const pieces = world.secrets.flatMap(fragments);
  expect(pieces.find((p) => logs.includes(p))).toBeUndefined();
}
