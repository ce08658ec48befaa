// Request bodies the KV v2 API documentation allows for data and metadata writes; anything else is a violation.
// Vault itself only warns about unknown fields; the fake is stricter so a typo in the store cannot pass silently.

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** POST /:mount/data/:path — `{ data: {...}, options?: { cas?: int >= 0 } }`. */
export function checkDataWrite(body: unknown): string[] {
  if (!isObject(body)) return ['body must be a JSON object'];
  const problems = Object.keys(body)
    .filter((k) => k !== 'data' && k !== 'options')
    .map((k) => `unknown parameter "${k}"`);
  if (!isObject(body['data'])) problems.push('"data" (map) is required');
  const options = body['options'];
  if (options !== undefined) {
    if (!isObject(options)) problems.push('"options" must be a map');
    else {
      const cas = options['cas'];
      if (cas !== undefined && !(Number.isInteger(cas) && (cas as number) >= 0))
        problems.push('"options.cas" must be a non-negative integer');
      problems.push(
        ...Object.keys(options)
          .filter((k) => k !== 'cas')
          .map((k) => `unknown option "${k}"`),
      );
    }
  }
  return problems;
}

/** POST /:mount/metadata/:path — max_versions, cas_required, delete_version_after, custom_metadata (string map). */
export function checkMetadataWrite(body: unknown): string[] {
  if (!isObject(body)) return ['body must be a JSON object'];
  const known = ['max_versions', 'cas_required', 'delete_version_after', 'custom_metadata'];
  const problems = Object.keys(body)
    .filter((k) => !known.includes(k))
    .map((k) => `unknown parameter "${k}"`);
  const custom = body['custom_metadata'];
  if (custom !== undefined) {
    if (!isObject(custom)) problems.push('"custom_metadata" must be a map of strings');
    else {
      const entries = Object.entries(custom);
      if (entries.length > 64) problems.push('custom_metadata holds at most 64 keys');
      for (const [key, value] of entries) {
        if (typeof value !== 'string') problems.push(`custom_metadata "${key}" must be a string`);
        else if (value.length > 512) problems.push(`custom_metadata "${key}" is longer than 512 characters`);
        if (key.length > 128)
          problems.push(`custom_metadata key "${key.slice(0, 20)}..." is longer than 128 characters`);
      }
    }
  }
  if (body['max_versions'] !== undefined && !Number.isInteger(body['max_versions']))
    problems.push('"max_versions" must be an integer');
  if (body['cas_required'] !== undefined && typeof body['cas_required'] !== 'boolean')
    problems.push('"cas_required" must be a boolean');
  return problems;
}
