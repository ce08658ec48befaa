// The provider block as connection settings: which driver, and the url / api_key that override the environment.
// The API key is wrapped in a Secret at once; it never appears in a diagnostic or a log line.
import { Secret } from '../kernel/secret.js';
import { errorDiag, type Diagnostic } from './diagnostics.js';
import { isUnknown, type TfObject } from './values/value.js';

export interface ConnectionSettings {
  readonly driver: string;
  /** From the provider block; null = the driver reads its URL variable (KEYWARD_URL, INFOBLOX_PORTAL_URL). */
  readonly url: string | null;
  /** From the provider block; null = the driver reads its key variable (KEYWARD_API_KEY, INFOBLOX_PORTAL_KEY). */
  readonly apiKey: Secret | null;
}

function isHttpUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Checks what can be checked before values are known: the driver name and the URL's form. */
export function validateProviderConfig(config: TfObject | null, driverNames: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const driver = config?.['driver'];
  if (typeof driver === 'string' && !driverNames.includes(driver)) {
    out.push(errorDiag('Unknown driver', `driver "${driver}" is not one of: ${driverNames.join(', ')}.`, ['driver']));
  }
  const url = config?.['url'];
  if (typeof url === 'string' && !isHttpUrl(url)) {
    out.push(errorDiag('Invalid url', `url "${url}" is not an http:// or https:// URL.`, ['url']));
  }
  return out;
}

export type ResolvedConnection =
  | { readonly ok: true; readonly settings: ConnectionSettings }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The provider block as connection settings; environment fallbacks are the driver's business. */
export function resolveConnection(config: TfObject | null, driverNames: readonly string[]): ResolvedConnection {
  if (config && Object.values(config).some((value) => isUnknown(value))) {
    return {
      ok: false,
      diagnostics: [
        errorDiag(
          'Provider configuration not known',
          'The keyward provider block depends on values known only after apply.',
        ),
      ],
    };
  }
  const problems = validateProviderConfig(config, driverNames);
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const driver = typeof config?.['driver'] === 'string' ? config['driver'] : 'keyward';
  const url = typeof config?.['url'] === 'string' ? config['url'] : null;
  const apiKey =
    typeof config?.['api_key'] === 'string' && config['api_key'] !== '' ? new Secret(config['api_key']) : null;
  return { ok: true, settings: { driver, url, apiKey } };
}
