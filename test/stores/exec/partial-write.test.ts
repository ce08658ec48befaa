// The exec store after its write command failed (exit 1) or was killed (SIGKILL) midway: the error names no secret,
// describe reports what the destination says (never the new key before it is confirmed), and a write repairs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { contractKey, expectNoSecret } from '../../contract/store-contract.js';
import { expectTrue } from '../../contract/store-crash-rules.js';
import { makeExecHarness, type ExecHarness } from './exec-harness.js';

let h: ExecHarness;
beforeEach(async () => {
  h = await makeExecHarness();
});
afterEach(async () => h.cleanup());
const ref = { store: 'deliver', name: 'DEPLOY' };

describe('exec store after a failed or killed write command', () => {
  for (const how of ['die', 'fail'] as const) {
    for (const after of ['marker', 'value'] as const) {
      it(`${how === 'die' ? 'killed' : 'exit 1'} after the ${after}: uncertain with both keys, then repaired`, async () => {
        const old = contractKey('deploy', 1);
        const next = contractKey('deploy', 2);
        await h.store.write(ref, old.secret, old.meta);
        if (how === 'die') h.dieAfter(after);
        else h.failAfter(after);
        const error = await h.store.write(ref, next.secret, next.meta).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(KeywardError);
        expect((error as KeywardError).message).toMatch(how === 'die' ? /killed by SIGKILL/ : /exit code 1/);
        expectNoSecret(error, next.secretPart);
        const described = await h.store.describe(ref);
        expect(described).toMatchObject({ state: 'uncertain', candidates: [next.meta.keyId, old.meta.keyId] });
        expectTrue(described, await h.peek('DEPLOY'));
        expect(await h.peek('DEPLOY')).toBe((after === 'marker' ? old : next).secret.reveal());
        await h.store.write(ref, next.secret, next.meta);
        expect(await h.store.describe(ref)).toMatchObject({ state: 'holds', keyId: next.meta.keyId });
        expectNoSecret(h.events, next.secretPart);
        expect(h.events.filter((e) => e.code === 'store.step').map((e) => e.data.step)).toEqual([
          'exec.write-started',
          'exec.command-finished',
          'exec.write-started',
          'exec.write-started',
          'exec.command-finished',
        ]);
      });
    }
  }
});
