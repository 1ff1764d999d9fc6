/**
 * Version of the plugin contract (not of this package's build). A plugin declares the range it
 * was built for in `package.json` → `beamstack.contract`; the host refuses plugins whose range
 * excludes this value. Bump the major version on any breaking change to the types below, the
 * minor version on additions (1.1.0: TransformMetaContext.baseDir; 1.2.0:
 * WriterSession.alreadyWritten for resumable writers).
 */
export const CONTRACT_VERSION = '1.2.0';
