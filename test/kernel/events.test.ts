// Events are a discriminated union over a const registry of codes: data is typed per code, a switch that forgets a
// code fails the typecheck (the @ts-expect-error below is checked by tsc), and stepOf reads the step any event names.
import { describe, expect, it } from 'vitest';
import {
  EVENT_CODES,
  isEventCode,
  stepOf,
  unhandledEvent,
  type EventOf,
  type KeywardEvent,
} from '../../src/kernel/events.js';

function forgetful(event: KeywardEvent): string {
  switch (event.code) {
    case 'key.created':
      return event.data.remoteName; // typed: no String(event.data?.['remoteName'] ?? '')
    default:
      // @ts-expect-error every other code can still reach here, so the exhaustive check refuses to compile
      return unhandledEvent(event);
  }
}

const created: EventOf<'key.created'> = {
  code: 'key.created',
  level: 'info',
  message: 'created deploy#2',
  data: { actionId: 'rotate-key a/b/deploy#2', keyId: 'k'.repeat(32), remoteName: 'deploy#2', step: 'created' },
};

describe('events', () => {
  it('registers every code once, with a meaning', () => {
    const codes = Object.keys(EVENT_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(isEventCode(code)).toBe(true);
      expect(EVENT_CODES[code as keyof typeof EVENT_CODES].length).toBeGreaterThan(5);
    }
    expect(isEventCode('apply.bogus')).toBe(false);
  });

  it('reads data by code and throws at run time for a case a switch forgot', () => {
    expect(forgetful(created)).toBe('deploy#2');
    const finished: KeywardEvent = {
      code: 'apply.finished',
      level: 'info',
      message: 'done',
      data: { done: 1, failed: 0, skipped: 0 },
    };
    expect(() => forgetful(finished)).toThrow('unhandled event "apply.finished"');
  });

  it('stepOf names the step of events that carry one, null otherwise', () => {
    expect(stepOf(created)).toBe('created');
    expect(stepOf({ code: 'notifications.run.failed', level: 'error', message: 'x', data: {} })).toBeNull();
  });
});
