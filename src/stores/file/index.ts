// The file store's public surface: the factory, the store class and age identity helpers for the demo and tests.
// Re-exports only.
export { createFileStore } from './factory.js';
export { FileStore } from './file-store.js';
export { formatIdentityFile, generateAgeIdentity, IDENTITY_ENV, type GeneratedIdentity } from './identity.js';
