// core/manifest: YAML manifests → the desired model, with every problem located at file:line:column and JSON path.
export { MAX_PROBLEMS, loadManifests, type LoadResult } from './load.js';
export { formatProblem, formatProblems, problemLines, sortProblems, type ManifestProblem } from './problems.js';
export { DAY_MS, HOUR_MS, formatDuration } from '../../kernel/time/duration.js';
export { MAX_MANIFEST_BYTES } from './read-text.js';
export { MAX_DOCUMENTS_PER_FILE } from './yaml-documents.js';
export { readManifestSchema } from './schema-file.js';
export { manifestValidator } from './schema.js';
export { isCredentialName } from './credentials.js';
export { nearest } from './suggest.js';
export { allKeys, allServiceUsers, keyRefs } from './desired-lookup.js';
