export { exists } from './exists.js';
export { pathIn } from './path-in.js';
export { processAlive } from './process-alive.js';
export { Publication, type PendingRename } from './publication.js';
export { publishWithoutReplacing } from './publish.js';
export { removeFile, removeQuietly } from './remove.js';
export { removeStaleTemporaries } from './stale-temporaries.js';
export { parseTemporaryName, temporaryName } from './temporary-name.js';
export { writeAtomically, type WriteAtomicallyOptions } from './write-atomically.js';
