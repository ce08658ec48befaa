// Wires the portal's sign-in into one key service: the hooks the request pipeline calls, and the first-run link.
// Never imports portal code (src/portal); serves its built files only through the assets directory.
import { Secret } from '../../kernel/secret.js';
import type { PortalHooks } from '../http/app.js';
import { getUserByName } from '../repository/users-repo.js';
import { BOOTSTRAP_USER } from '../service/bootstrap.js';
import type { KeyServiceContext } from '../service/context.js';
import { handleAuthRequest } from './auth-http.js';
import { createOidcClient } from './oidc.js';
import { createPasswordLink } from './password-links.js';
import type { PortalContext } from './portal-context.js';
import { hasSessionCookie, sessionCaller } from './session-auth.js';
import { resolvePortalSettings, type PortalSettings } from './settings.js';

export function createPortalHooks(
  ctx: KeyServiceContext,
  settings: PortalSettings = {},
): PortalHooks & { readonly portal: PortalContext } {
  const resolved = resolvePortalSettings(settings);
  const portal: PortalContext = {
    ctx,
    settings: resolved,
    oidc: resolved.oidc === null ? null : createOidcClient(resolved.oidc),
  };
  return {
    portal,
    assetsDir: settings.assetsDir ?? null,
    auth: (req, res, url, pathname) => handleAuthRequest(portal, req, res, url, pathname),
    hasSession: hasSessionCookie,
    sessionPrincipal: async (req) => (await sessionCaller(portal, req)).principal,
  };
}

/** A one-time set-password link for the bootstrap admin (first start of an empty database), on `base`. */
export async function firstRunPasswordLink(
  portal: PortalContext,
  base: string,
): Promise<{ readonly url: Secret; readonly expiresAt: Date } | undefined> {
  const admin = await getUserByName(portal.ctx.db, BOOTSTRAP_USER);
  if (admin === undefined) return undefined;
  const link = await createPasswordLink(
    portal,
    admin,
    'system',
    portal.settings.publicUrl === null
      ? base
      : portal.settings.publicUrl.origin + portal.settings.publicUrl.pathname.replace(/\/$/, ''),
  );
  return { url: link.url, expiresAt: link.expiresAt };
}
