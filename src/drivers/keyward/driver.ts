// The `keyward` driver: keyward's own key service (`keyward serve`), reached at KEYWARD_URL with KEYWARD_API_KEY.
// A thin binding of the shared CSP-dialect driver; it holds no logic of its own.
import type { DriverFactory } from '../driver-options.js';
import type { EndpointSpec } from '../csp/endpoint.js';
import { openCspDriver } from '../csp/open-driver.js';

export const KEYWARD_ENDPOINT: EndpointSpec = {
  driver: 'keyward',
  urlVariables: ['KEYWARD_URL'],
  keyVariables: ['KEYWARD_API_KEY'],
  // keyward serve accepts _limit up to 1000 and refuses more with a 400, so pages are never silently short.
  defaultPageSize: 1000,
  // keyward serve has `>` in _filter and an index on every list's id: each page is a range scan, not a growing skip.
  keysetPaging: true,
};

export const createKeywardDriver: DriverFactory = (config, env, options) =>
  openCspDriver(KEYWARD_ENDPOINT, config, env, options);
