// The provider's duration and date-time attributes read with the kernel's one grammar: `6m` is refused as ambiguous
// naming the attribute, months, years and compounds are accepted, impossible dates are refused.
import { describe, expect, it } from 'vitest';
import { durationDiagnostic, instantDiagnostic, stableTimestamp } from '../../src/terraform/time-values.js';

describe('terraform time attributes', () => {
  it('refuses `6m` on the attribute, saying to write 6mo or 6min', () => {
    const problem = durationDiagnostic('expires_in', '6m');
    expect(problem).toMatchObject({ severity: 'ERROR', summary: 'Invalid expires_in', attribute: ['expires_in'] });
    expect(problem?.detail).toContain('expires_in');
    expect(problem?.detail).toContain('6mo');
    expect(problem?.detail).toContain('6min');
  });

  it('accepts the manifest units and compounds: y, mo, w, d, h, min, s and 1w2d', () => {
    for (const text of ['1y', '6mo', '12w', '90d', '36h', '10min', '30s', '1w2d']) {
      expect(durationDiagnostic('rotate_before', text), text).toBeNull();
    }
  });

  it('refuses zero, unknown units, units out of order and more than ten years', () => {
    for (const text of ['0d', 'soon', '90 d', '2d1w', '11y']) {
      expect(durationDiagnostic('expires_in', text)?.attribute, text).toEqual(['expires_in']);
    }
  });

  it('reads RFC 3339 strictly: no February 30, no missing seconds or offset', () => {
    expect(instantDiagnostic('expires_at', '2027-01-31T00:00:00Z')).toBeNull();
    expect(instantDiagnostic('expires_at', '2027-01-31T01:00:00.5+01:00')).toBeNull();
    for (const text of ['2026-02-30T00:00:00Z', '2027-01-31T00:00Z', '2027-01-31T00:00:00', '2027-01-31']) {
      expect(instantDiagnostic('expires_at', text)?.detail, text).toContain('expires_at');
    }
  });

  it('keeps the written form of an instant on read and formats others in UTC', () => {
    const at = new Date('2027-01-31T00:00:00Z');
    expect(stableTimestamp('2027-01-31T01:00:00+01:00', at)).toBe('2027-01-31T01:00:00+01:00');
    expect(stableTimestamp('2027-02-01T00:00:00Z', at)).toBe('2027-01-31T00:00:00Z');
    expect(stableTimestamp(null, null)).toBeNull();
  });
});
