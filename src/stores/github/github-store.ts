// The github secret store: Actions secrets at repository, environment or organization scope, sealed with the scope's
// public key, plus a `<NAME>_KEY_ID` variable: pending marker, then key ID. Never sends or logs plaintext.
import type { Octokit } from 'octokit';
import { systemClock, type Clock } from '../../kernel/clock.js';
import { isKeywardError } from '../../kernel/errors.js';
import { nullSink, type EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import { realSleep, withRetry, type Sleep } from '../../kernel/retry.js';
import { storeError, type StoreIdentity } from '../store-error.js';
import type { SecretMeta, SecretRef, SecretStore, StoredSecret } from '../../core/ports/secret-store.js';
import { describeScope, type GithubScope } from './config.js';
import { classifyGithubError, githubStoreError, readFailure, type Need } from './errors.js';
import { keyIdVariableName, scopeRoutes, secretNameProblem, type ScopeRoutes } from './scope-routes.js';
import { sealForGithub } from './seal.js';
import { ABSENT } from '../stored.js';
import { emitStep } from '../step.js';
import { parseKeyIdVariable, pendingMarker, storedFrom } from './key-id-variable.js';

export interface GithubStoreDeps {
  /** Called once, on first use, so a missing credential fails the call that needed it (naming the ref). */
  readonly client: () => Octokit;
  /** How errors name the credential: `GITHUB_TOKEN` or `GitHub App <id>`. */
  readonly credential: string;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly events?: EventSink;
}

type Op = 'write' | 'describe' | 'delete';
interface PublicKey {
  readonly keyId: string;
  readonly key: string;
}
interface Response {
  readonly status: number;
  readonly data: unknown;
}

export class GithubStore implements SecretStore {
  readonly type = 'github';
  readonly #scope: GithubScope;
  readonly #routes: ScopeRoutes;
  readonly #deps: GithubStoreDeps;
  #octokit: Octokit | undefined;
  #publicKey: PublicKey | undefined;
  #repositoryIds: number[] | undefined;

  constructor(
    readonly name: string,
    scope: GithubScope,
    deps: GithubStoreDeps,
  ) {
    this.#scope = scope;
    this.#routes = scopeRoutes(scope);
    this.#deps = deps;
  }

  /**
   * Four steps a crash can stop between (docs/stores.md): read what is there, mark the variable pending with every
   * key ID the secret may hold, put the secret, confirm the variable. describe reads a pending marker as uncertain.
   */
  async write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    this.#checkName(ref);
    const where = describeScope(this.#scope);
    this.#step(ref, 'github.write-started', `writing key ${meta.keyId}`, meta.keyId);
    const key = this.#publicKey ?? (await this.#fetchPublicKey(ref, 'write'));
    const sealed = await sealForGithub(secret, key.key);
    const org = await this.#orgFields(ref);
    const exists = (await this.#readSecret(ref, 'write')).status !== 404;
    const before = exists ? parseKeyIdVariable(await this.#readVariable(ref, 'write')) : { kind: 'none' as const };
    const marker = pendingMarker(meta.keyId, before, exists);
    await this.#setVariable(ref, marker, org, `marking a pending write of key ${meta.keyId}`);
    this.#step(ref, 'github.pending-marked', `marked a pending write of key ${meta.keyId}`, meta.keyId);
    await this.#call(ref, 'write', `writing the secret to ${where}`, 'secrets-write', 'PUT', this.#routes.secret, {
      secret_name: ref.name,
      encrypted_value: sealed,
      key_id: key.keyId,
      ...org,
    });
    this.#step(ref, 'github.secret-written', `wrote the secret for key ${meta.keyId}`, meta.keyId);
    await this.#setVariable(ref, meta.keyId, org, `recording key ID ${meta.keyId}`);
    this.#step(ref, 'github.confirmed', `confirmed key ${meta.keyId}`, meta.keyId);
  }

  async describe(ref: SecretRef): Promise<StoredSecret> {
    this.#checkName(ref);
    const found = await this.#readSecret(ref, 'describe');
    if (found.status === 404) {
      await this.#fetchPublicKey(ref, 'describe'); // a 404 for the whole scope must not read as "absent"
      return ABSENT; // a marker left without a secret (a crash before the secret was put) holds nothing
    }
    const updated = stringField(found.data, 'updated_at');
    const record = parseKeyIdVariable(await this.#readVariable(ref, 'describe'));
    return storedFrom(record, updated ? new Date(updated) : null);
  }

  /** The secret first, then its variable: a crash between them leaves a variable without a secret, read as absent. */
  async delete(ref: SecretRef): Promise<void> {
    this.#checkName(ref);
    const where = describeScope(this.#scope);
    this.#step(ref, 'github.delete-started', 'deleting');
    const deleted = await this.#call(
      ref,
      'delete',
      `deleting the secret from ${where}`,
      'secrets-write',
      'DELETE',
      this.#routes.secret,
      { secret_name: ref.name },
      [404],
    );
    if (deleted.status === 404) await this.#fetchPublicKey(ref, 'delete');
    this.#step(ref, 'github.secret-deleted', 'deleted the secret');
    const variableName = keyIdVariableName(ref.name);
    await this.#call(
      ref,
      'delete',
      `deleting variable ${variableName} from ${where}`,
      'variables-write',
      'DELETE',
      this.#routes.variable,
      { name: variableName },
      [404],
    );
    this.#step(ref, 'github.variable-deleted', `deleted variable ${variableName}`);
  }

  #step(ref: SecretRef, step: string, message: string, keyId?: string): void {
    emitStep(this.#deps.events, ref, step, message, keyId);
  }

  #readSecret(ref: SecretRef, op: Op): Promise<Response> {
    const doing = `reading the secret in ${describeScope(this.#scope)}`;
    return this.#call(ref, op, doing, 'secrets-read', 'GET', this.#routes.secret, { secret_name: ref.name }, [404]);
  }

  /** The `<NAME>_KEY_ID` variable's value, or undefined when there is none. */
  async #readVariable(ref: SecretRef, op: Op): Promise<string | undefined> {
    const name = keyIdVariableName(ref.name);
    const doing = `reading variable ${name} in ${describeScope(this.#scope)}`;
    const found = await this.#call(ref, op, doing, 'variables-read', 'GET', this.#routes.variable, { name }, [404]);
    return found.status === 404 ? undefined : stringField(found.data, 'value');
  }

  async #setVariable(ref: SecretRef, value: string, org: object, what: string): Promise<void> {
    const variable = { name: keyIdVariableName(ref.name), value, ...org };
    const doing = `${what} in variable ${variable.name} of ${describeScope(this.#scope)}`;
    const routes = this.#routes;
    const patched = await this.#call(ref, 'write', doing, 'variables-write', 'PATCH', routes.variable, variable, [404]);
    if (patched.status === 404) {
      await this.#call(ref, 'write', doing, 'variables-write', 'POST', routes.variables, variable);
    }
  }

  #identity(): StoreIdentity {
    return { type: this.type, name: this.name };
  }

  #checkName(ref: SecretRef): void {
    const problem = secretNameProblem(ref.name);
    if (problem) throw storeError(this.#identity(), ref, 'store.github.secret-name', problem, { source: 'user' });
  }

  /** The scope's sealing key, fetched afresh (and cached for writes); a 404 here means the scope itself is missing. */
  async #fetchPublicKey(ref: SecretRef, op: Op): Promise<PublicKey> {
    const where = describeScope(this.#scope);
    const response = await this.#call(
      ref,
      op,
      `reading the public key of ${where}`,
      op === 'describe' ? 'secrets-read' : 'secrets-write',
      'GET',
      this.#routes.publicKey,
      {},
      [404],
    );
    if (response.status === 404) {
      throw storeError(
        this.#identity(),
        ref,
        'store.github.scope-not-found',
        `${where} was not found, or the ${this.#deps.credential} credential cannot see it`,
        { source: 'user', details: { status: 404 } },
      );
    }
    const keyId = stringField(response.data, 'key_id');
    const key = stringField(response.data, 'key');
    if (!keyId || !key)
      throw storeError(
        this.#identity(),
        ref,
        'store.github.request',
        `the public key of ${where} came back without key_id or key`,
      );
    this.#publicKey = { keyId, key };
    return this.#publicKey;
  }

  /** Organization secrets carry visibility and, for `selected`, repository ids resolved from names once. */
  async #orgFields(ref: SecretRef): Promise<{ visibility?: string; selected_repository_ids?: number[] }> {
    if (this.#scope.kind !== 'organization') return {};
    if (this.#scope.visibility !== 'selected') return { visibility: this.#scope.visibility };
    if (!this.#repositoryIds) {
      const ids: number[] = [];
      for (const repo of this.#scope.repositories) {
        const found = await this.#call(
          ref,
          'write',
          `resolving repository ${this.#scope.org}/${repo}`,
          'metadata-read',
          'GET',
          '/repos/{owner}/{repo}',
          { owner: this.#scope.org, repo },
          [404],
        );
        const id = (found.data as { id?: unknown } | undefined)?.id;
        if (found.status === 404 || typeof id !== 'number') {
          throw storeError(
            this.#identity(),
            ref,
            'store.github.repository-not-found',
            `repository ${this.#scope.org}/${repo} (in stores.${this.name}.repositories) was not found or is not visible`,
            { source: 'user' },
          );
        }
        ids.push(id);
      }
      this.#repositoryIds = ids;
    }
    return { visibility: 'selected', selected_repository_ids: this.#repositoryIds };
  }

  /** One REST call with retries; statuses in `expected` come back as answers instead of errors. */
  async #call(
    ref: SecretRef,
    op: Op,
    doing: string,
    need: Need,
    method: string,
    route: string,
    params: Record<string, unknown>,
    expected: number[] = [],
  ): Promise<Response> {
    const clock = this.#deps.clock ?? systemClock;
    const events = this.#deps.events ?? nullSink;
    let octokit: Octokit;
    try {
      octokit = this.#octokit ??= this.#deps.client();
    } catch (error) {
      if (!isKeywardError(error)) throw error;
      throw storeError(this.#identity(), ref, error.code, error.message, { source: error.source });
    }
    try {
      return await withRetry(
        async () => {
          try {
            const response = await octokit.request(`${method} ${route}`, { ...this.#routes.params, ...params });
            return { status: response.status, data: response.data as unknown };
          } catch (error) {
            const status = readFailure(error).status;
            if (status !== undefined && expected.includes(status)) return { status, data: undefined };
            throw error;
          }
        },
        {
          classify: (error) => classifyGithubError(error, clock),
          sleep: this.#deps.sleep ?? realSleep,
          onRetry: ({ attempt, delayMs, error }) =>
            events({
              code: `store.${op}.retry`,
              level: 'warn',
              message: `github store "${this.name}": ${doing} failed (${readFailure(error).status ?? 'network'}); retrying in ${delayMs} ms`,
              data: {
                storeType: this.type,
                store: this.name,
                secret: ref.name,
                attempt,
                delayMs,
                status: readFailure(error).status ?? null,
              },
            }),
        },
      );
    } catch (error) {
      throw githubStoreError(this.#identity(), ref, doing, need, error, this.#deps.credential);
    }
  }
}

function stringField(data: unknown, field: string): string | undefined {
  const value = (data as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : undefined;
}
