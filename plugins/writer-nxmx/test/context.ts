import type { Encoding } from '@beamstack/contract';
import { testWriterContext, type TestWriterContext } from '@beamstack/testkit';
import { lz4RawTest } from './codec-stub.js';

export type TestContext = TestWriterContext;

/** A writer context for `outDir` whose catalog knows the test-only raw LZ4 codec. */
export function writerContext(outDir: string, encoding: Encoding | null): TestContext {
  return testWriterContext(outDir, { encoding, codecs: [lz4RawTest] });
}
