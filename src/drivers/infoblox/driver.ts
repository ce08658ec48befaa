// The `infoblox` driver: the Infoblox Cloud Services Portal, at INFOBLOX_PORTAL_URL (default https://csp.infoblox.com)
// with INFOBLOX_PORTAL_KEY, or the older BLOXONE_CSP_URL / BLOXONE_API_KEY. No logic of its own beyond the binding.
import type { DriverFactory } from '../driver-options.js';
import type { EndpointSpec } from '../csp/endpoint.js';
import { openCspDriver } from '../csp/open-driver.js';

export const INFOBLOX_ENDPOINT: EndpointSpec = {
  driver: 'infoblox',
  urlVariables: ['INFOBLOX_PORTAL_URL', 'BLOXONE_CSP_URL'],
  keyVariables: ['INFOBLOX_PORTAL_KEY', 'BLOXONE_API_KEY'],
  defaultUrl: 'https://csp.infoblox.com',
  // The portal caps identity list pages (ibPS documents 101 as the maximum), so stay under the cap.
  defaultPageSize: 100,
};

export const createInfobloxDriver: DriverFactory = (config, env, options) =>
  openCspDriver(INFOBLOX_ENDPOINT, config, env, options);
