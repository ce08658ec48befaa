// Test-only crash points: which event kills (code or data.step, n-th occurrence across wrapped sinks), the event log
// (names only, never data), and a clear error for a malformed KEYWARD_TEST_CRASH_AT.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashPoints, parseCrashPoint } from '../../src/kernel/crash-points.js';
import { collectingSink, type EventCode, type KeywardEvent } from '../../src/kernel/events.js';

const event = (code: EventCode, step?: string): KeywardEvent =>
  ({
    code,
    level: 'info',
    message: code,
    data: step === undefined ? { keyId: 'k' } : { step, keyId: 'k' },
  }) as KeywardEvent; // a test event: any code with a key ID and maybe a step

describe('crash points', () => {
  it('kills at the n-th event carrying the name as code or step, counted across every wrapped sink', () => {
    let kills = 0;
    const points = crashPoints({ KEYWARD_TEST_CRASH_AT: 'store.step#3' }, () => (kills += 1));
    const first = collectingSink();
    const second = collectingSink();
    const a = points.wrap(first.sink);
    const b = points.wrap(second.sink);
    a(event('store.step', 'file.locked'));
    b(event('key.created', 'created'));
    b(event('store.step', 'file.renamed'));
    expect(kills).toBe(0);
    a(event('store.step', 'file.unlocked'));
    expect(kills).toBe(1);
    expect(first.events.map((e) => e.code)).toEqual(['store.step', 'store.step']);
    const byStep = crashPoints({ KEYWARD_TEST_CRASH_AT: 'created' }, () => (kills += 1));
    byStep.wrap(() => undefined)(event('key.created', 'created'));
    expect(kills).toBe(2);
  });

  it('logs one line of names per event, never data; passes events through untouched without variables', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-crash-'));
    const log = join(dir, 'events.jsonl');
    const sink = crashPoints({ KEYWARD_TEST_EVENT_LOG: log }, () => undefined).wrap(() => undefined);
    sink(event('key.created', 'created'));
    sink(event('apply.finished'));
    expect(
      (await readFile(log, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { code: 'key.created', step: 'created' },
      { code: 'apply.finished', step: null },
    ]);
    await rm(dir, { recursive: true, force: true });
    const plain = collectingSink().sink;
    expect(crashPoints({}).wrap(plain)).toBe(plain);
  });

  it('names a malformed crash point clearly', () => {
    expect(parseCrashPoint('file.renamed#2')).toEqual({ name: 'file.renamed', occurrence: 2 });
    expect(() => parseCrashPoint('created#0')).toThrow(
      /KEYWARD_TEST_CRASH_AT must look like <event code or step>\[#n\]/,
    );
    expect(() => parseCrashPoint('a b')).toThrow(/got "a b"/);
  });
});
