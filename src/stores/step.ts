// The secret-free `store.step` event each store emits after every step of a write or delete: the points a crash can
// stop a write at (docs/stores.md lists them). Data holds the store, the ref, the step and key IDs — never a value.
import type { EventSink } from '../kernel/events.js';
import type { SecretRef } from '../core/ports/secret-store.js';

const STORE_STEP_EVENT = 'store.step';

/** Emits one step event; `keyId` is the key being written (omitted for deletes). */
export function emitStep(
  events: EventSink | undefined,
  ref: SecretRef,
  step: string,
  message: string,
  keyId?: string,
): void {
  events?.({
    code: STORE_STEP_EVENT,
    level: 'debug',
    message: `${ref.store}/${ref.name}: ${message}`,
    data: { store: ref.store, ref: ref.name, step, ...(keyId === undefined ? {} : { keyId }) },
  });
}

/**
 * Every step each store type emits, in order (docs/stores.md). A file delete of an absent secret, which changes
 * nothing, skips temp-written and renamed.
 */
export const STORE_STEPS = {
  file: {
    write: ['file.write-started', 'file.locked', 'file.temp-written', 'file.renamed', 'file.unlocked'],
    delete: ['file.delete-started', 'file.locked', 'file.temp-written', 'file.renamed', 'file.unlocked'],
  },
  github: {
    write: ['github.write-started', 'github.pending-marked', 'github.secret-written', 'github.confirmed'],
    delete: ['github.delete-started', 'github.secret-deleted', 'github.variable-deleted'],
  },
  vault: {
    write: ['vault.write-started', 'vault.pending-marked', 'vault.data-written', 'vault.confirmed'],
    delete: ['vault.delete-started', 'vault.deleted'],
  },
  exec: {
    write: ['exec.write-started', 'exec.command-finished'],
    delete: ['exec.delete-started', 'exec.deleted'],
  },
} as const satisfies Record<string, { readonly write: readonly string[]; readonly delete: readonly string[] }>;
