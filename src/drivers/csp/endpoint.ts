// Resolves a driver's base URL and API key from the manifest's provider config and the environment.
// Names the variables in every error and never echoes a credential's value.
import { userError } from '../../kernel/errors.js';

export type DriverEnv = Readonly<Record<string, string | undefined>>;

export interface Endpoint {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The variable the key came from, for 401 messages. */
  readonly keyVariable: string;
}

export interface EndpointSpec {
  readonly driver: string;
  /** URL variables in order of preference. */
  readonly urlVariables: readonly string[];
  /** Key variables in order of preference. */
  readonly keyVariables: readonly string[];
  readonly defaultUrl?: string;
  /**
   * `_limit` when the caller sets none. It must not exceed what the service really returns per page:
   * a service that silently caps pages would make a short page look like the last one.
   */
  readonly defaultPageSize: number;
  /**
   * The service's `_filter` has `>` on `id` and `_order_by=id asc` is an index range: page by key, not by `_offset`
   * (whose cost grows with the offset). Leave it unset for services that may not (the Infoblox portal).
   */
  readonly keysetPaging?: boolean;
}

function firstSet(env: DriverEnv, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return { name, value };
  }
  return null;
}

function checkUrl(driver: string, value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw userError('driver.config', `driver ${driver}: ${from} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw userError('driver.config', `driver ${driver}: ${from} must be an http:// or https:// URL`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw userError(
      'driver.config',
      `driver ${driver}: ${from} must be a plain base URL (no credentials, query or fragment)`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** `configUrl` (provider.url in the manifest) wins over the environment, which wins over the default. */
export function resolveEndpoint(spec: EndpointSpec, configUrl: string | undefined, env: DriverEnv): Endpoint {
  const fromEnv = firstSet(env, spec.urlVariables);
  let baseUrl: string;
  if (configUrl !== undefined && configUrl.trim() !== '')
    baseUrl = checkUrl(spec.driver, configUrl.trim(), 'provider.url');
  else if (fromEnv !== null) baseUrl = checkUrl(spec.driver, fromEnv.value, fromEnv.name);
  else if (spec.defaultUrl !== undefined) baseUrl = spec.defaultUrl;
  else {
    throw userError(
      'driver.config',
      `driver ${spec.driver}: no URL: set provider.url in the manifest or ${spec.urlVariables.join(' or ')}`,
    );
  }
  const key = firstSet(env, spec.keyVariables);
  if (key === null) {
    throw userError(
      'driver.credentials',
      `driver ${spec.driver}: no API key: set ${spec.keyVariables.join(' or ')} in the environment`,
    );
  }
  // Visible ASCII only: anything else (a pasted line break, inner spaces, non-ASCII) cannot go in the Authorization
  // header.
  if (!/^[\x21-\x7e]+$/.test(key.value)) {
    throw userError(
      'driver.credentials',
      `driver ${spec.driver}: ${key.name} holds a character an HTTP header cannot carry (a line break, a space or non-ASCII text); set it to the key alone`,
    );
  }
  return { baseUrl, apiKey: key.value, keyVariable: key.name };
}
