import { describe, expect, it } from 'vitest';
import { formatInstant, isInstant, parseInstant } from '../../../src/kernel/time/instant.js';

describe('parseInstant', () => {
  it.each([
    ['2026-03-01T12:00:00Z', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01t12:00:00z', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01T12:00:00.5+01:00', '2026-03-01T11:00:00.500Z'],
    ['2026-03-01T12:00:00.1234567-02:30', '2026-03-01T14:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T12:60:00Z',
    '2026-03-01T12:00:60Z',
    '2026-03-01T12:00Z',
    '2026-03-01T12:00:00',
    '2026-03-01',
    '1',
    'March 7',
    ' 2026-03-01T12:00:00Z',
    '2026-03-01T12:00:00Z ',
    '2026-03-01T12:00:00+0100',
    '2026-03-01T12:00:00+24:00',
    '2026-03-01T12:00:00.1234567890Z',
    '0000-01-01T00:00:00Z',
    '2026-03-01 12:00:00Z',
    '2026-03-01T12:00:00\u0000Z',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeNull();
    expect(isInstant(text)).toBe(false);
  });

  it('formats in UTC without empty fractions', () => {
    expect(formatInstant(new Date('2026-03-01T12:00:00.000Z'))).toBe('2026-03-01T12:00:00Z');
    expect(formatInstant(new Date('2026-03-01T12:00:00.250Z'))).toBe('2026-03-01T12:00:00.250Z');
  });
});
