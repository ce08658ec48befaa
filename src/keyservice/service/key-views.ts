// Audits views of keys when the policy asks for it (Constellix: "each time a key is viewed or deleted, a log is
// generated"): one entry per key shown, written in one statement, naming who, what and whose. Never records a secret.
import type { Principal } from '../domain/permissions.js';
import type { ApiKeyRecord } from '../domain/types.js';
import { prefixedId } from '../http/ids.js';
import { auditMany, type KeyServiceContext } from './context.js';
import { keyText } from './key-privilege.js';

/** Where a view happened: one key, the list of keys the caller may see, or the caller's own (current) keys. */
export type KeyView = 'api_key.view' | 'api_key.list' | 'current_api_key.list';

/**
 * Writes one `view` entry per key shown (one entry saying so when a list showed none); a no-op unless the policy audits
 * views.
 */
export async function auditKeyViews(
  ctx: KeyServiceContext,
  p: Principal,
  view: KeyView,
  keys: readonly ApiKeyRecord[],
): Promise<void> {
  if (!ctx.policy.auditKeyViews) return;
  const where =
    view === 'api_key.view'
      ? 'GET /v2/api_keys/<id>'
      : view === 'api_key.list'
        ? 'GET /v2/api_keys'
        : 'GET /v2/current_api_keys';
  if (keys.length === 0) {
    await auditMany(ctx, p, [
      { action: view, target: 'api_keys', outcome: 'success', detail: `viewed no keys (${where})` },
    ]);
    return;
  }
  await auditMany(
    ctx,
    p,
    keys.map((key) => ({
      action: view,
      target: prefixedId('apikeys', key.id),
      outcome: 'success' as const,
      detail: `viewed ${keyText(key)} (${where})`,
    })),
  );
}
