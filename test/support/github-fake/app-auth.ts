// GitHub App authentication in the fake: checks the app's RS256 JWT with its public key and mints installation
// tokens. It must never accept a JWT whose signature or issuer does not match the configured app.
import { createPublicKey, createVerify } from 'node:crypto';
import type { Route } from './routes.js';

type AccessLevel = 'none' | 'read' | 'write';

/** What a token may do, by GitHub permission name (`secrets`, `variables`, `pull_requests`...); missing means none. */
export type TokenGrant = Readonly<Record<string, AccessLevel>>;

export const fullGrant: TokenGrant = { secrets: 'write', variables: 'write' };

export interface FakeApp {
  readonly appId: number;
  /** PEM of the app's public key (tests make the pair with generateKeyPairSync). */
  readonly publicKeyPem: string;
  readonly installationId: number;
  readonly grant: TokenGrant;
}

/** True when `jwt` is signed by the app's key and issued by its id. */
export function verifyAppJwt(jwt: string, app: FakeApp): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return false;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(createPublicKey(app.publicKeyPem), Buffer.from(signature, 'base64url'))) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
  return String(claims.iss) === String(app.appId);
}

/** POST /app/installations/{installation_id}/access_tokens, answering with a token the fake then accepts. */
export function installationTokenRoute(
  app: FakeApp,
  register: (token: string) => void,
  nextToken: () => string,
): Route {
  return {
    method: 'POST',
    template: '/app/installations/{installation_id}/access_tokens',
    permission: 'app',
    access: 'write',
    handle(ctx) {
      if (ctx.params['installation_id'] !== String(app.installationId)) {
        return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
      }
      const token = nextToken();
      register(token);
      const expires = new Date(ctx.state.clock.now().getTime() + 3_600_000).toISOString();
      return { status: 201, body: ctx.example(201, { token, expires_at: expires }) };
    },
  };
}
