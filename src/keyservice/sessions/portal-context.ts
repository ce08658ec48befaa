// What every sign-in operation works with: the key service context, the resolved settings, and the SSO client.
// Built once per server by startKeyService; never a module-level singleton.
import type { KeyServiceContext } from '../service/context.js';
import type { OidcClient } from './oidc.js';
import type { ResolvedPortalSettings } from './settings.js';

export interface PortalContext {
  readonly ctx: KeyServiceContext;
  readonly settings: ResolvedPortalSettings;
  /** Discovered lazily on first use (the provider may start after the key service); null when SSO is off. */
  readonly oidc: OidcClient | null;
}
