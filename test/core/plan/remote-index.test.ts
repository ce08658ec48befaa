// The remote index: scopes sharing one key API listing share one index, and matching through it is matching.
import { describe, expect, it } from 'vitest';
import { indexRemote, matchScope, remoteIndexer } from '../../../src/core/plan/match.js';
import type { ObservedScope } from '../../../src/core/model.js';
import { dkey, dscope, duser, held, observed, rkey, ruser } from './builders.js';

describe('remote index', () => {
  const listing = observed(
    [ruser('deployer'), ruser('reader')],
    [rkey('deploy', 'k1'), rkey('deploy#2', 'k2'), rkey('old', 'k3'), rkey('read', 'k4', {}, 'reader')],
    [],
  ).scopes[0] as ObservedScope;
  const payments = dscope([
    duser('deployer', [dkey('deploy', { generation: 2, secrets: [{ store: 'ci', name: 'DEPLOY' }] })]),
  ]);
  const audit = dscope([duser('reader', [dkey('read', { secrets: [] }, 'reader')])], { name: 'audit' });

  it('matches the same through a shared index as through its own', () => {
    const scoped: ObservedScope = { ...listing, secrets: [held('ci', 'DEPLOY', 'k2')] };
    const index = indexRemote(listing.remote);
    expect(matchScope(payments, scoped, index)).toEqual(matchScope(payments, scoped));
    const other: ObservedScope = { ...listing, scope: 'audit', secrets: [] };
    expect(matchScope(audit, other, index)).toEqual(matchScope(audit, other));
    const deployer = matchScope(payments, scoped, index).users[0];
    expect(deployer?.keys[0]?.generations.map((g) => g.key.id)).toEqual(['k1', 'k2']);
    expect(deployer?.unmanagedKeys.map((k) => k.id)).toEqual(['k3']);
  });

  it('indexes each listing once per indexer, and each listing apart', () => {
    const indexOf = remoteIndexer();
    const again = { ...listing.remote };
    expect(indexOf(listing.remote)).toBe(indexOf(listing.remote));
    expect(indexOf(again)).not.toBe(indexOf(listing.remote));
    expect(
      indexOf(listing.remote)
        .keysByUser.get('u-reader')
        ?.map((k) => k.id),
    ).toEqual(['k4']);
    expect(remoteIndexer()(listing.remote)).not.toBe(indexOf(listing.remote));
  });
});
