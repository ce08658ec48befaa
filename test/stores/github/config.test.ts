// The github store's manifest configuration: the three scopes and the errors a bad field gets.
import { describe, expect, it } from 'vitest';
import { parseGithubConfig } from '../../../src/stores/github/index.js';

const parse = (config: Record<string, unknown>) => parseGithubConfig('ci', { type: 'github', ...config });

describe('github store config', () => {
  it('reads repository, environment and organization scopes', () => {
    expect(parse({ repository: 'acme/payments' })).toEqual({ kind: 'repository', owner: 'acme', repo: 'payments' });
    expect(parse({ repository: 'acme/payments', environment: 'production' })).toEqual({
      kind: 'environment',
      owner: 'acme',
      repo: 'payments',
      environment: 'production',
    });
    expect(parse({ organization: 'acme' })).toEqual({
      kind: 'organization',
      org: 'acme',
      visibility: 'private',
      repositories: [],
    });
    expect(parse({ organization: 'acme', visibility: 'selected', repositories: ['payments'] })).toEqual({
      kind: 'organization',
      org: 'acme',
      visibility: 'selected',
      repositories: ['payments'],
    });
  });

  it.each([
    [{}, /stores\.ci\): needs "repository: owner\/name" or "organization: name"/],
    [{ repository: 'payments' }, /stores\.ci\.repository\): must be "owner\/name"/],
    [{ repository: 'acme/payments', organization: 'acme' }, /not both/],
    [{ organization: 'acme', environment: 'production' }, /stores\.ci\.environment\)/],
    [{ organization: 'acme', visibility: 'public' }, /stores\.ci\.visibility\): must be one of all, private, selected/],
    [{ organization: 'acme', visibility: 'selected' }, /stores\.ci\.repositories\): visibility "selected" needs/],
    [{ organization: 'acme', repositories: ['x'] }, /stores\.ci\.repositories\): needs "visibility: selected"/],
    [
      { organization: 'acme', visibility: 'selected', repositories: ['ok', 'acme/x'] },
      /stores\.ci\.repositories\[1\]\)/,
    ],
    [
      { repository: 'acme/payments', visibility: 'all' },
      /stores\.ci\.visibility\): applies to organization secrets only/,
    ],
    [{ repository: 'acme/payments', token: 'x' }, /stores\.ci\.token\): unknown field/],
  ])('refuses %j', (config, message) => {
    expect(() => parse(config)).toThrow(message);
    try {
      parse(config);
    } catch (error) {
      expect(error).toMatchObject({ source: 'user', code: 'store.config' });
    }
  });
});
