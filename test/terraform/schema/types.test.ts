// conform: every attribute present (null when unset), unknown keys dropped, map keys kept as data whatever their name.
import { describe, expect, it } from 'vitest';
import { conform, type BlockSchema } from '../../../src/terraform/schema/types.js';
import { UNKNOWN } from '../../../src/terraform/values/value.js';

const block: BlockSchema = {
  description: 'a test block',
  attributes: [
    { name: 'name', type: 'string', description: 'a name', required: true },
    { name: 'env', type: ['map', 'string'], description: 'variables', optional: true },
    { name: 'id', type: 'string', description: 'an id', computed: true },
  ],
};

describe('conform', () => {
  it('fills unset attributes with null, keeps unknowns and drops fields the schema does not name', () => {
    expect(conform(block, { name: 'deploy', id: UNKNOWN, extra: 'x' })).toEqual({
      name: 'deploy',
      env: null,
      id: UNKNOWN,
    });
  });

  it('keeps a map key named __proto__ as an entry, never as the map object prototype', () => {
    const env: Record<string, string> = JSON.parse('{"__proto__":"x","PATH":"/bin"}') as Record<string, string>;
    const out = conform(block, { name: 'deploy', env });
    const conformed = out?.['env'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(conformed)).toBe(Object.prototype);
    expect(Object.keys(conformed)).toEqual(['__proto__', 'PATH']);
    expect(Object.getOwnPropertyDescriptor(conformed, '__proto__')?.value).toBe('x');
  });
});
