// Expiry notices of the key service: scheduler, storage, senders, settings and the listing query.
// Re-exports only; nothing here may hold state or logic.

export type {
  CreatedNotice,
  DeliveryChannel,
  NoticeSender,
  NoticeTarget,
  NotificationStore,
  PendingDelivery,
} from './types.js';
export { EXPIRY_NOTICE_KIND } from './types.js';
export { NOTICE_WINDOW_DAYS, daysLeft, isDue, noticeDay } from './window.js';
export type { NotificationScheduler, NotificationSchedulerOptions, RunSummary } from './scheduler.js';
export { DEFAULT_INTERVAL_MS, createNotificationScheduler } from './scheduler.js';
export { createSqlNotificationStore } from './sql-store.js';
export { createEmailSender } from './email-sender.js';
export { createWebhookSender } from './webhook-sender.js';
export type { NotificationSettings } from './config.js';
export { notificationSettingsFromEnv, sendersFromSettings } from './config.js';
export type { NotificationView } from './list.js';
export { NOTIFICATION_LIST_SPEC, listNotifications } from './list.js';
export type { ExpiryNoticeOptions } from './service.js';
export { startExpiryNotices } from './service.js';
export { NOTIFICATION_DELIVERIES_SQL } from './schema.js';
