// Re-exports what the server and the CLI use of the portal's sign-in.
export { createPortalHooks, firstRunPasswordLink } from './hooks.js';
export type { PortalSettings } from './settings.js';
