// The secret-free `store.step` event each store emits after every step of a write or delete: the points a crash can
// stop a write at (docs/stores.md lists them). Data holds the store, the ref, the step and key IDs — never a value.
import type { EventSink } from '../kernel/events.js';
import type { SecretRef } from '../core/ports/secret-store.js';

export const STORE_STEP_EVENT = 'store.step';

/** Emits one step event; `keyId` is the key being written (omitted for deletes). */
export function emitStep(
  events: EventSink | undefined, ref: SecretRef, step: string, message: string, keyId?: string,
): void {
  events?.({
    code: STORE_STEP_EVENT,
    level: 'debug',
    message: `${ref.store}/${ref.name}: ${message}`,
    data: { store: ref.store, ref: ref.name, step, ...(keyId === undefined ? {} : { keyId }) },
  });
}
