// Builds the octokit client a github store talks through, from GITHUB_TOKEN or a GitHub App (KEYWARD_GITHUB_APP_*).
// It never logs and never puts a credential in an error; its errors are user errors without store context; the store
// adds which store and secret needed them.
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from 'octokit';
import { userError } from '../../kernel/errors.js';

const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

type Env = Readonly<Record<string, string | undefined>>;

const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Which credential the environment offers, for messages: `GITHUB_TOKEN` or `GitHub App <id>`. */
export function credentialKind(env: Env): string {
  return env['KEYWARD_GITHUB_APP_ID'] ? `GitHub App ${env['KEYWARD_GITHUB_APP_ID']}` : 'GITHUB_TOKEN';
}

/**
 * An Octokit for the API at GITHUB_API_URL (default api.github.com), with octokit's own retry and throttling off:
 * the store retries through the shared helper so waits are injectable and visible as events.
 */
export function createGithubClient(env: Env): Octokit {
  const baseUrl = (env['GITHUB_API_URL'] ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const common = { baseUrl, log: silentLog, throttle: { enabled: false as const }, retry: { enabled: false } };
  const appId = env['KEYWARD_GITHUB_APP_ID'];
  if (appId) {
    const privateKey = env['KEYWARD_GITHUB_APP_PRIVATE_KEY'];
    const installationId = env['KEYWARD_GITHUB_APP_INSTALLATION_ID'];
    if (!privateKey || !installationId || !/^\d+$/.test(installationId) || !/^\d+$/.test(appId)) {
      throw userError(
        'store.github.credentials',
        `KEYWARD_GITHUB_APP_ID is set, so KEYWARD_GITHUB_APP_PRIVATE_KEY (PEM) and a numeric KEYWARD_GITHUB_APP_INSTALLATION_ID are needed too`,
      );
    }
    return new Octokit({
      ...common,
      authStrategy: createAppAuth,
      // CI systems often store PEM keys with literal "\n" sequences.
      auth: {
        appId: Number(appId),
        privateKey: privateKey.replace(/\\n/g, '\n'),
        installationId: Number(installationId),
      },
    });
  }
  const token = env['GITHUB_TOKEN'];
  if (!token) {
    throw userError(
      'store.github.credentials',
      `no GitHub credentials: set GITHUB_TOKEN to a fine-grained token with the "Secrets: write" and "Variables: write" permissions, or KEYWARD_GITHUB_APP_ID, KEYWARD_GITHUB_APP_PRIVATE_KEY and KEYWARD_GITHUB_APP_INSTALLATION_ID for a GitHub App with those permissions`,
    );
  }
  return new Octokit({ ...common, auth: token });
}
