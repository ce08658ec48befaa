// What the portal's sign-in is configured with: public URL, cookie security, timeouts, rate limits, SSO, SMTP.
// Never read from the environment here; the CLI (or a test) builds these and passes them to startKeyService.

export interface OidcSettings {
  /** The provider's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  readonly issuer: string;
  readonly clientId: string;
  /** Never logged or returned. */
  readonly clientSecret: string;
  /** Default `<public url>/auth/v1/oidc/callback`. */
  readonly redirectUri?: string;
  /** The sign-in button's label (default `Single sign-on`). */
  readonly name?: string;
}

export interface PortalSettings {
  /** `https://keys.example.com`: the origin same-origin checks accept and set-password links use. */
  readonly publicUrl?: string;
  /** Adds `Secure` to cookies; implied by an https public URL. */
  readonly secureCookies?: boolean;
  /** Idle timeout in milliseconds (default 30 minutes). */
  readonly idleMs?: number;
  /** Absolute session lifetime in milliseconds (default 12 hours). */
  readonly maxMs?: number;
  /** Take the source address of a sign-in from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy?: boolean;
  readonly oidc?: OidcSettings;
  /** The built portal's directory; null serves no assets. */
  readonly assetsDir?: string | null;
  /** SMTP for set-password links (the same URL and sender as the expiry notices); null = show the link only. */
  readonly smtp?: { readonly url: string; readonly from: string } | null;
}

/** The settings with every default filled in. */
export interface ResolvedPortalSettings {
  readonly publicUrl: URL | null;
  readonly secureCookies: boolean;
  readonly idleMs: number;
  readonly maxMs: number;
  readonly trustProxy: boolean;
  readonly oidc: OidcSettings | null;
  readonly smtp: { readonly url: string; readonly from: string } | null;
  readonly linkTtlMs: number;
  readonly rateLimit: { readonly windowMs: number; readonly perAccount: number; readonly perSource: number };
}

const MINUTE = 60_000;

export function resolvePortalSettings(s: PortalSettings = {}): ResolvedPortalSettings {
  const publicUrl = s.publicUrl === undefined ? null : new URL(s.publicUrl);
  return {
    publicUrl,
    secureCookies: s.secureCookies ?? publicUrl?.protocol === 'https:',
    idleMs: s.idleMs ?? 30 * MINUTE,
    maxMs: s.maxMs ?? 12 * 60 * MINUTE,
    trustProxy: s.trustProxy ?? false,
    oidc: s.oidc ?? null,
    smtp: s.smtp ?? null,
    linkTtlMs: 72 * 60 * MINUTE,
    rateLimit: { windowMs: 15 * MINUTE, perAccount: 5, perSource: 20 },
  };
}
