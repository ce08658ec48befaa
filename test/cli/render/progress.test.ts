// The apply reporter in CI (no terminal): one plain line per action start and end, without repeating the reasons
// the plan already printed, warnings and errors always, store steps and key bookkeeping never.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { plainColors } from '../../../src/app/render/colors.js';
import { applyReporter, shownInPlainLog } from '../../../src/cli/render/progress.js';
import type { KeywardEvent } from '../../../src/kernel/events.js';

function pipe(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString('utf8')), done()) });
  return { stream, text: () => text };
}

const ref = { kind: 'create-key', scope: 'payments', serviceUser: 'bot' };
const started = (n: number): KeywardEvent => ({
  code: 'apply.action.started',
  level: 'info',
  message: `create-key payments/bot/k${n}: declared; not on the key API`,
  data: { ...ref, actionId: `create-key payments/bot/k${n}` },
});

describe('plain apply log', () => {
  it('names each action once it starts, without its reason', () => {
    const out = pipe();
    const reporter = applyReporter(out.stream, 3, plainColors);
    for (const n of [1, 2, 3]) reporter.sink(started(n));
    reporter.sink({
      code: 'store.step',
      level: 'debug',
      message: 'ci/K1: written',
      data: { store: 'ci', ref: 'K1', step: 'x' },
    });
    reporter.sink({
      code: 'store.write.retry',
      level: 'warn',
      message: 'ci/K1: 503; retrying in 100 ms',
      data: { store: 'ci', attempt: 1, delayMs: 100 },
    });
    expect(out.text()).toBe(
      [
        '[keyward] info start create-key payments/bot/k1',
        '[keyward] info start create-key payments/bot/k2',
        '[keyward] info start create-key payments/bot/k3',
        '[keyward] warn ci/K1: 503; retrying in 100 ms',
        '',
      ].join('\n'),
    );
    expect(out.text()).not.toContain('declared; not on the key API');
  });

  it('leaves bookkeeping events to the closing summary', () => {
    const created: KeywardEvent = {
      code: 'key.created',
      level: 'info',
      message: 'created k1',
      data: { actionId: 'a', keyId: 'k'.repeat(32), remoteName: 'k1', step: 'created' },
    };
    expect(shownInPlainLog(created)).toBe(false);
    expect(shownInPlainLog({ ...created, level: 'warn' })).toBe(true);
    expect(shownInPlainLog(started(1))).toBe(true);
  });
});
