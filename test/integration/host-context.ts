import type { HostContext as Context } from '@beamstack/contract';

const quiet = (): void => undefined;

/** A main-thread context for calling a stage's open() directly in a test. */
export const HostContext: Context = {
  log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  baseDir: process.cwd(),
  signal: new AbortController().signal,
  codecs: { get: () => undefined, list: () => [], fromHdf5Filters: () => undefined },
  warn: quiet,
};
