// Builds a CspKeyDriver for one named dialect endpoint: resolves URL and key, then wires the client's seams.
// The API key goes into the client and nowhere else.
import type { ProviderConfig } from '../../core/ports/key-driver.js';
import type { DriverOptions } from '../driver-options.js';
import { CspClient } from './client.js';
import { CspKeyDriver } from './csp-driver.js';
import type { DriverEnv, EndpointSpec } from './endpoint.js';
import { resolveEndpoint } from './endpoint.js';

export function openCspDriver(
  spec: EndpointSpec,
  config: ProviderConfig,
  env: DriverEnv,
  options: DriverOptions = {},
): CspKeyDriver {
  const endpoint = resolveEndpoint(spec, config.url, env);
  const client = new CspClient({
    ...options,
    baseUrl: endpoint.baseUrl,
    apiKey: endpoint.apiKey,
    credentialHint: endpoint.keyVariable,
    pageSize: options.pageSize ?? spec.defaultPageSize,
    keysetPaging: spec.keysetPaging ?? false,
  });
  return new CspKeyDriver(spec.driver, client);
}
