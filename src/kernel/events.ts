// Typed events the silent core emits to an injected sink; renderers (CLI, Action, provider, tests) decide what to show.
// An event's data must never hold a secret value: key IDs, names and store refs only. Codes live in EVENT_CODES.

type EventLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every apply event about one action carries. */
interface ActionRef {
  readonly actionId: string;
  readonly kind: string;
  readonly scope: string;
  /** The service user of a user or key action; role and group actions carry `subject` ("role deployers") instead. */
  readonly serviceUser?: string;
  readonly subject?: string;
}

interface RoleData {
  readonly actionId: string;
  readonly role: string;
  readonly roleId: string;
}

interface GroupData {
  readonly actionId: string;
  readonly group: string;
  readonly groupId: string;
}

/** A step of one key's life during apply; `step` is what crash points (KEYWARD_TEST_CRASH_AT) match. */
interface KeyStep<S extends string> {
  readonly actionId: string;
  readonly keyId: string;
  readonly step: S;
}

/** A store's transport waiting before another attempt at a backend call (kernel/retry.ts). */
interface StoreRetryData {
  readonly store: string;
  readonly attempt: number;
  readonly delayMs: number;
  /** The secret's name in the store. */
  readonly secret?: string;
  readonly name?: string;
  readonly keyId?: string;
  readonly step?: string;
  readonly storeType?: string;
  readonly status?: number | null;
}

interface NoticeData {
  readonly notice_id: string;
  readonly key_id: string;
  readonly recipient_id: string;
}

interface DeliveryData extends NoticeData {
  readonly channel: string;
  readonly attempt: number;
}

/** Each event code and the data it carries. A new event starts here; the typecheck then finds every renderer. */
export interface EventDataByCode {
  'apply.started': { readonly actions: number; readonly parallelism: number; readonly at: string };
  'apply.action.started': ActionRef;
  'apply.action.skipped': ActionRef;
  'apply.action.finished': ActionRef & { readonly keyId: string | null };
  'apply.action.failed': ActionRef & { readonly code: string };
  'apply.finished': { readonly done: number; readonly failed: number; readonly skipped: number };
  'key.created': KeyStep<'created'> & { readonly remoteName: string };
  'key.delivered': KeyStep<'delivered'> & { readonly remoteName: string; readonly stores: readonly string[] };
  'key.retired': KeyStep<'retired'> & { readonly successor: string };
  'key.enabled': KeyStep<'enabled'>;
  'key.disabled': KeyStep<'disabled'> & { readonly remoteName?: string };
  'key.deleted': KeyStep<'deleted'> & { readonly remoteName: string };
  'key.rollback': KeyStep<'rolled-back'> & { readonly remoteName: string };
  'key.rollback.failed': KeyStep<'rollback-failed'> & { readonly remoteName: string };
  'key.rollback.skipped': KeyStep<'rollback-skipped'> & {
    readonly remoteName: string;
    readonly stores: readonly string[];
  };
  'role.created': RoleData;
  'role.updated': RoleData;
  'role.deleted': RoleData;
  'group.created': GroupData;
  'group.updated': GroupData;
  'group.deleted': GroupData;
  'secret.kept': {
    readonly actionId: string;
    readonly step: 'secret-kept';
    readonly store: string;
    readonly name: string;
  };
  'secret.deleted': {
    readonly actionId: string;
    readonly step: 'secret-deleted';
    readonly store: string;
    readonly name: string;
    readonly keyIds: readonly string[];
  };
  'store.write.verified': {
    readonly step: 'store-confirmed';
    readonly store: string;
    readonly name: string;
    readonly keyId: string;
  };
  'store.write.failed': {
    readonly step: 'store-failed';
    readonly store: string;
    readonly name: string;
    readonly keyId: string;
  };
  'store.write.retry': StoreRetryData;
  'store.describe.retry': StoreRetryData;
  'store.delete.retry': StoreRetryData;
  /** A store's own step of a write or delete (src/stores/step.ts lists them); `ref` is the secret's name. */
  'store.step': { readonly store: string; readonly ref: string; readonly step: string; readonly keyId?: string };
  'driver.request.retry': {
    readonly method: string;
    readonly path: string;
    readonly reason: string;
    readonly attempt: number;
    readonly delayMs: number;
  };
  'notifications.notice.created': NoticeData & { readonly day: string };
  'notifications.delivery.sent': DeliveryData;
  'notifications.delivery.failed': DeliveryData & { readonly error: string };
  'notifications.delivery.gave_up': DeliveryData & { readonly error: string };
  'notifications.run': {
    readonly day: string;
    readonly due: number;
    readonly created: number;
    readonly delivered: number;
    readonly failed: number;
  };
  'notifications.run.failed': Readonly<Record<never, never>>;
}

/** The registry of event codes, each with what it means (docs and `--help` may list them). */
export const EVENT_CODES = {
  'apply.started': 'an apply began',
  'apply.action.started': 'one action of the plan began',
  'apply.action.skipped': 'one action was not run (an earlier failure, a stop or an interrupt)',
  'apply.action.finished': 'one action is done',
  'apply.action.failed': 'one action failed',
  'apply.finished': 'the apply ended',
  'key.created': 'a key was created on the key API',
  'key.delivered': 'a new key is confirmed in every store of it',
  'key.retired': 'a superseded key was disabled after its successor was delivered',
  'key.enabled': 'a key was enabled',
  'key.disabled': 'a key was disabled',
  'key.deleted': 'a key was deleted',
  'key.rollback': 'a key no store received was disabled and deleted',
  'key.rollback.failed': 'rolling back a key failed',
  'key.rollback.skipped': 'a key was kept because a store holds or may hold it',
  'role.created': 'a role was created on the key API',
  'role.updated': 'a role was changed',
  'role.deleted': 'a role was deleted',
  'group.created': 'a group was created on the key API',
  'group.updated': 'a group was changed',
  'group.deleted': 'a group was deleted',
  'secret.kept': 'a store entry was left in place',
  'secret.deleted': 'a store entry of a dead key was deleted',
  'store.write.verified': 'a store confirmed it holds the new key',
  'store.write.failed': "a store write or its verification failed (after the store's own retries)",
  'store.write.retry': 'a store write is tried again',
  'store.describe.retry': 'a store read is tried again',
  'store.delete.retry': 'a store delete is tried again',
  'store.step': 'a store passed one step of a write or delete',
  'driver.request.retry': 'a key-API request is tried again',
  'notifications.notice.created': 'an expiry notice was recorded',
  'notifications.delivery.sent': 'an expiry notice was delivered',
  'notifications.delivery.failed': 'an expiry notice could not be delivered; it is retried next run',
  'notifications.delivery.gave_up': 'an expiry notice could not be delivered for the last time',
  'notifications.run': 'an expiry-notice run ended',
  'notifications.run.failed': 'an expiry-notice run failed',
} as const satisfies Record<keyof EventDataByCode, string>;

export type EventCode = keyof typeof EVENT_CODES;

/** One event: `code` discriminates, so `data` has the fields of that code. */
export type KeywardEvent = {
  readonly [C in EventCode]: {
    readonly code: C;
    readonly level: EventLevel;
    /** Human summary, secret-free. */
    readonly message: string;
    readonly data: EventDataByCode[C];
  };
}[EventCode];

/** The event of one code, e.g. `EventOf<'key.created'>`. */
export type EventOf<C extends EventCode> = Extract<KeywardEvent, { code: C }>;

export type EventSink = (event: KeywardEvent) => void;

/** A sink that drops everything, for callers that do not care. */
export const nullSink: EventSink = () => undefined;

/** A sink that keeps events in an array, for tests and for renderers that summarise afterwards. */
export function collectingSink(): { sink: EventSink; events: KeywardEvent[] } {
  const events: KeywardEvent[] = [];
  return { sink: (event) => events.push(event), events };
}

/** True when `code` is a registered event code. */
export function isEventCode(code: string): code is EventCode {
  return Object.hasOwn(EVENT_CODES, code);
}

/** The step an event names (its data.step), when it names one. */
export function stepOf(event: KeywardEvent): string | null {
  const data: object = event.data;
  const step = 'step' in data ? data.step : undefined;
  return typeof step === 'string' && step !== '' ? step : null;
}

/** Fails the typecheck when a switch over event codes misses one (call it in the `default` branch). */
export function unhandledEvent(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify((event as { code?: unknown }).code)}`);
}
