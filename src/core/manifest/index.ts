// core/manifest: YAML manifests → the desired model, with every problem located at file:line:column and JSON path.
export { MAX_PROBLEMS, loadManifests, type LoadOptions, type LoadResult } from './load.js';
export { formatProblem, formatProblems, sortProblems, type ManifestProblem } from './problems.js';
export { DAY_MS, HOUR_MS, MAX_DURATION_MS, formatDuration, parseDuration } from '../../kernel/time/duration.js';
export { BUILTIN_DEFAULTS } from './manifest-types.js';
export { MAX_MANIFEST_BYTES } from './read-text.js';
export { MAX_ALIAS_COUNT, MAX_DOCUMENTS_PER_FILE } from './yaml-documents.js';
export { MAX_NESTING } from './nesting.js';
export { MANIFEST_SCHEMA_URL, compileManifestSchema, readManifestSchema } from './schema.js';
export { isCredentialName } from './credentials.js';
export { nearest } from './suggest.js';
export {
  allKeys,
  allServiceUsers,
  desiredRemoteName,
  findKey,
  findServiceUser,
  keyRefs,
  type KeyRef,
} from './desired-lookup.js';
