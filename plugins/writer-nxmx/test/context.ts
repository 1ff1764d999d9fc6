import type { Encoding, ErrorContext, WriterContext } from '@beamstack/contract';
import { catalog, lz4RawTest } from './codec-stub.js';

export interface TestContext extends WriterContext {
  readonly warnings: { message: string; context?: ErrorContext }[];
}

export function writerContext(outDir: string, encoding: Encoding | null): TestContext {
  const warnings: { message: string; context?: ErrorContext }[] = [];
  const quiet = (): void => undefined;
  return {
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    baseDir: outDir,
    signal: new AbortController().signal,
    codecs: catalog([lz4RawTest]),
    warn: (message, context) => {
      warnings.push(context ? { message, context } : { message });
    },
    outDir,
    encoding,
    warnings,
  };
}
