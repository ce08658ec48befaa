// A plan warns (a notice listed under warnings, never an error) when a new generation would expire no later than the
// generation it replaces; a rotation that gains time, or a key that never expires, gets no warning.
import { describe, expect, it } from 'vitest';
import { plan, planToJson } from '../../../src/core/plan/index.js';
import { DAY, NO_DESTROY, T0, at, desired, dkey, dscope, duser, held, observed, rkey, ruser } from './builders.js';

const rotate = (over: Parameters<typeof dkey>[1], previousExpiry: Date | null) =>
  plan(
    desired(dscope([duser('deployer', [dkey('deploy', { generation: 2, ...over })])])),
    observed([ruser('deployer')], [rkey('deploy', 'k1', { expiresAt: previousExpiry })], [held('ci', 'DEPLOY', 'k1')]),
    T0,
    NO_DESTROY,
  );

describe('plan: expiry-not-later warning', () => {
  it('warns when a fixed expiresAt is before the replaced generation expires, and still plans the rotation', () => {
    const p = rotate({ expiry: { kind: 'at', at: at(30 * DAY) } }, at(60 * DAY));
    expect(p.actions.map((a) => a.kind)).toEqual(['rotate-key']);
    const warning = p.notices.find((n) => n.code === 'expiry-not-later');
    expect(warning).toMatchObject({ attention: false, keyName: 'deploy', data: { keyId: 'k1' } });
    expect(warning?.message).toBe(
      'deploy#2 would expire at 2026-03-31T00:00:00.000Z, no later than deploy it replaces (expires 2026-04-30T00:00:00.000Z); check expiresIn or expiresAt',
    );
    expect(planToJson(p).warnings.map((n) => n.code)).toEqual(['expiry-not-later']);
  });

  it('warns when the replaced generation never expires but the new one does', () => {
    const p = rotate({}, null);
    expect(p.notices.map((n) => n.code)).toContain('expiry-not-later');
  });

  it('says nothing when the new generation lives longer, or never expires', () => {
    expect(rotate({}, at(10 * DAY)).notices.filter((n) => n.code === 'expiry-not-later')).toEqual([]);
    expect(rotate({ expiry: { kind: 'never' } }, at(10 * DAY)).notices).toEqual([]);
    expect(planToJson(rotate({}, at(10 * DAY))).warnings).toEqual([]);
  });
});
