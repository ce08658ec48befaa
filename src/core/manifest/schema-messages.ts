// Plain-language messages for schema rules, by the JSON pointer of the subschema that holds the rule. They live here,
// not in the schema, so the schema stays standard JSON Schema (Ajv strict mode, editors); a test checks every pointer.
export const SCHEMA_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['#/$defs/name', 'must be a name of 1 to 256 characters without control or bidirectional-override characters'],
  [
    '#/$defs/keyName',
    "must be a key name of 1 to 256 characters without '#' (reserved for generations) or control characters",
  ],
  ['#/$defs/text', 'must be text of at most 4096 characters without control or bidirectional-override characters'],
  ['#/$defs/storeName', "must be a store name: a letter, then up to 63 letters, digits, '_' or '-'"],
  ['#/$defs/duration/anyOf/0', 'must be a duration like 36h, 14d, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s)'],
  [
    '#/$defs/lifetime/anyOf/0',
    'must be a positive duration like 90d, 12w, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s), or never',
  ],
  ['#/$defs/shortDuration/anyOf/0', 'must be a positive duration like 30s, 2min, 1min30s or 1h'],
  ['#/$defs/provider/properties/url/anyOf/0', 'must be an http:// or https:// URL'],
  [
    '#/$defs/key/properties/expiresAt/anyOf/0',
    'must be an RFC 3339 date-time with a time zone, like 2027-01-31T00:00:00Z',
  ],
  ['#/$defs/key/allOf/0', 'set either expiresIn or expiresAt, not both'],
  ['#/$defs/key/allOf/1', 'set either secret or secrets, not both'],
  ['#/$defs/fileStore/properties/recipients/items/anyOf/0', 'must be an age recipient (public key) starting with age1'],
  ['#/$defs/githubStore/properties/repository/anyOf/0', 'must be owner/name'],
  ['#/$defs/githubStore/properties/organization/anyOf/0', 'must be a GitHub organization login'],
  ['#/$defs/githubStore/properties/repositories/items/anyOf/0', 'must be a repository name in the organization'],
  [
    '#/$defs/githubStore/then/properties/repository',
    'cannot be combined with organization (an organization secret lists repositories instead)',
  ],
  [
    '#/$defs/githubStore/then/properties/environment',
    'cannot be combined with organization (environments belong to a repository)',
  ],
  ['#/$defs/githubStore/then/else/properties/repositories', 'is only allowed when visibility is selected'],
  ['#/$defs/githubStore/else/properties/visibility', 'is only allowed with organization'],
  ['#/$defs/githubStore/else/properties/repositories', 'is only allowed with organization and visibility: selected'],
  ['#/$defs/vaultStore/properties/address/anyOf/0', 'must be an http:// or https:// URL'],
  [
    '#/$defs/vaultStore/properties/mount/anyOf/0',
    "must be slash-separated segments of letters, digits, '_', '-', '.' (and {name} in path)",
  ],
  [
    '#/$defs/vaultStore/properties/path/anyOf/0',
    "must be slash-separated segments of letters, digits, '_', '-', '.' (and {name} in path)",
  ],
  ['#/$defs/execStore/properties/env/propertyNames', 'must be an environment variable name'],
]);

const DURATION_RULES = new Set([
  '#/$defs/duration/anyOf/0',
  '#/$defs/lifetime/anyOf/0',
  '#/$defs/shortDuration/anyOf/0',
]);

/**
 * A duration rule's message for this value when the value is ambiguous (`6m`: months or minutes?), naming both
 * readings; undefined otherwise. Only the digits of the value are repeated.
 */
export function durationMessage(rule: string | undefined, value: unknown): string | undefined {
  if (rule === undefined || !DURATION_RULES.has(rule) || typeof value !== 'string') return undefined;
  const bare = /^(\d{1,6})m$/.exec(value);
  return bare === null ? undefined : `is ambiguous: write ${bare[1]}mo for months or ${bare[1]}min for minutes`;
}

/** The subschema whose failures say nothing to a person: the `${VAR}` alternative of a value that may hold one. */
export const ENV_REFERENCE_POINTER = '#/$defs/envReference';

/** Every subschema object of `root` by its JSON pointer, so an error's parentSchema says which rule it broke. */
export function schemaPointers(root: unknown): Map<object, string> {
  const index = new Map<object, string>();
  const walk = (node: unknown, at: string): void => {
    if (node === null || typeof node !== 'object' || index.has(node)) return;
    index.set(node, at);
    for (const [name, child] of Object.entries(node))
      walk(child, `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(root, '#');
  return index;
}
