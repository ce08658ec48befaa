// Expiry notices of the key service: scheduler, storage, senders, settings and the listing query.
// Re-exports only; nothing here may hold state or logic.

export type { NotificationScheduler } from './scheduler.js';
export type { NotificationSettings } from './config.js';
export { startExpiryNotices } from './service.js';
