// OpenID Connect single sign-on with openid-client: authorization code flow with PKCE, state and nonce.
// Never logs or returns the client secret, a code or a token; only the verified e-mail claim leaves this module.
import type { Configuration } from 'openid-client';
import { KeywardError, userError } from '../../kernel/errors.js';
import type { OidcSettings } from './settings.js';

/** What the start of a sign-in keeps in the browser (HttpOnly cookie) for the callback to check. */
interface FlowState {
  readonly s: string;
  readonly n: string;
  readonly v: string;
}

export interface OidcIdentity {
  readonly email: string | null;
  readonly emailVerified: boolean | null;
  readonly subject: string;
}

export interface OidcClient {
  readonly name: string;
  /** The provider URL to send the browser to, and the cookie value that carries the flow state. */
  start(redirectUri: string): Promise<{ readonly url: string; readonly state: string }>;
  /** Checks the callback against the flow state and exchanges the code; throws a user error when it does not hold. */
  finish(redirectUri: string, search: string, state: string | undefined): Promise<OidcIdentity>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** openid-client with its JOSE code, loaded with the first sign-in: a server without SSO never carries it. */
const openidClient = () => import('openid-client');

export function createOidcClient(settings: OidcSettings): OidcClient {
  const issuer = new URL(settings.issuer);
  // Plain http is allowed only on this machine (a provider started next to the service, as the tests do).
  const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
  if (issuer.protocol !== 'https:' && !insecure) {
    throw userError(
      'keyservice.config-invalid',
      `the OpenID issuer must be an https:// URL (http:// only on loopback), not ${issuer.protocol}//`,
    );
  }
  let discovered: Promise<Configuration> | undefined;
  const config = (): Promise<Configuration> => {
    discovered ??= openidClient()
      .then((client) =>
        client.discovery(
          issuer,
          settings.clientId,
          settings.clientSecret,
          undefined,
          insecure ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw new KeywardError(
          'keyservice.oidc-discovery-failed',
          `OpenID discovery at ${issuer.origin} failed: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      });
    return discovered;
  };
  return {
    name: settings.name ?? 'Single sign-on',
    async start(redirectUri) {
      const client = await openidClient();
      const flow: FlowState = { s: client.randomState(), n: client.randomNonce(), v: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(await config(), {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: flow.s,
        nonce: flow.n,
        code_challenge: await client.calculatePKCECodeChallenge(flow.v),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state: Buffer.from(JSON.stringify(flow)).toString('base64url') };
    },
    async finish(redirectUri, search, state) {
      const client = await openidClient();
      const flow = parseFlow(state);
      const current = new URL(redirectUri);
      current.search = search;
      const tokens = await client.authorizationCodeGrant(await config(), current, {
        pkceCodeVerifier: flow.v,
        expectedState: flow.s,
        expectedNonce: flow.n,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) throw userError('keyservice.oidc-failed', 'the provider sent no ID token');
      // Providers that conform ID token claims to the spec put `email` in the UserInfo answer instead.
      const source: Record<string, unknown> =
        typeof claims.email === 'string'
          ? claims
          : await client.fetchUserInfo(await config(), tokens.access_token, claims.sub);
      const email = typeof source.email === 'string' ? source.email : null;
      const verified = typeof source.email_verified === 'boolean' ? source.email_verified : null;
      return { email, emailVerified: verified, subject: claims.sub };
    },
  };
}

function parseFlow(state: string | undefined): FlowState {
  try {
    const flow = JSON.parse(Buffer.from(state ?? '', 'base64url').toString('utf8')) as Partial<FlowState>;
    if (typeof flow.s === 'string' && typeof flow.n === 'string' && typeof flow.v === 'string')
      return flow as FlowState;
  } catch {
    // fall through: a missing or damaged cookie is the same failure
  }
  throw userError('keyservice.oidc-failed', 'the sign-in flow cookie is missing or damaged (start the sign-in again)');
}
