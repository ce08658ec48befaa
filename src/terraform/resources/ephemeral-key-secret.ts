// The keyward_api_key_secret ephemeral resource: open creates a short-lived key and returns its secret in memory;
// close deletes it. The secret goes only into the ephemeral result, never into private data, logs or errors.
import { randomBytes } from 'node:crypto';
import { diagnosticFromError, errorDiag, type Diagnostic } from '../diagnostics.js';
import { apiKeySecretEphemeralSchema } from '../schema/ephemeral-schema.js';
import type { Schema } from '../schema/types.js';
import { durationMs } from '../../kernel/time/duration.js';
import { formatInstant } from '../../kernel/time/instant.js';
import { durationDiagnostic } from '../time-values.js';
import { str, type TfObject } from '../values/value.js';
import type { ProviderContext } from './types.js';

const DEFAULT_LIFETIME = '1h';

interface OpenResult {
  readonly result: TfObject | null;
  /** Handed back on close: the key ID only. */
  readonly private: Buffer | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface EphemeralResource {
  readonly typeName: string;
  readonly schema: Schema;
  validate(config: TfObject): readonly Diagnostic[];
  open(config: TfObject, ctx: ProviderContext): Promise<OpenResult>;
  close(privateData: Buffer | null, ctx: ProviderContext): Promise<readonly Diagnostic[]>;
}

function validate(config: TfObject): Diagnostic[] {
  const problem = durationDiagnostic('expires_in', config['expires_in']);
  return problem ? [problem] : [];
}

async function open(config: TfObject, ctx: ProviderContext): Promise<OpenResult> {
  const serviceUser = str(config, 'service_user') ?? '';
  const remoteName = `${str(config, 'name') ?? 'ephemeral'}-ephemeral-${randomBytes(4).toString('hex')}`;
  try {
    const user = await ctx.remote.userByName(serviceUser);
    if (!user) {
      return {
        result: null,
        private: null,
        diagnostics: [
          errorDiag('Service user not found', `No service user is named "${serviceUser}".`, ['service_user']),
        ],
      };
    }
    const problem = durationDiagnostic('expires_in', config['expires_in']);
    if (problem) return { result: null, private: null, diagnostics: [problem] };
    const lifetime = durationMs(str(config, 'expires_in') ?? DEFAULT_LIFETIME);
    const expiresAt = new Date(ctx.clock.now().getTime() + lifetime);
    const created = await ctx.remote.driver.createKey({ userId: user.id, name: remoteName, expiresAt });
    ctx.remote.invalidate();
    return {
      result: {
        ...config,
        id: created.key.id,
        remote_name: remoteName,
        expires_at: created.key.expiresAt ? formatInstant(created.key.expiresAt) : null,
        secret: created.secret.reveal(),
      },
      private: Buffer.from(JSON.stringify({ id: created.key.id })),
      diagnostics: [],
    };
  } catch (err) {
    return {
      result: null,
      private: null,
      diagnostics: [diagnosticFromError(`Creating ephemeral key ${remoteName} for ${serviceUser} failed`, err)],
    };
  }
}

async function close(privateData: Buffer | null, ctx: ProviderContext): Promise<readonly Diagnostic[]> {
  if (!privateData || privateData.length === 0) return [];
  let id: unknown;
  try {
    id = (JSON.parse(privateData.toString('utf8')) as { id?: unknown }).id;
  } catch {
    return [
      errorDiag('Unreadable ephemeral key reference', 'Terraform handed back private data keyward did not write.'),
    ];
  }
  if (typeof id !== 'string') return [];
  try {
    await ctx.remote.driver.deleteKey(id);
    ctx.remote.invalidate();
    return [];
  } catch (err) {
    return [diagnosticFromError(`Deleting ephemeral key ${id} failed; it expires on its own`, err)];
  }
}

export const apiKeySecretEphemeral: EphemeralResource = {
  typeName: 'keyward_api_key_secret',
  schema: apiKeySecretEphemeralSchema,
  validate,
  open,
  close,
};
