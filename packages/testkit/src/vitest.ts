import { describe, it } from 'vitest';
import type { CodecStage } from '@beamstack/contract';
import { codecConformance, type CodecConformanceOptions } from './conformance/codec.js';
import { DECTRIS_DIR, INTEROP_REQUIRED, dectrisFiles, interopStatus } from './interop.js';

export { codedError, codedRejection } from './coded.js';

/**
 * `describe` for suites that need the real readers. Without them the suite is skipped with a loud
 * warning — unless BEAMSTACK_REQUIRE_INTEROP=1 (CI), where it fails instead.
 */
export function describeInterop(name: string, modules: readonly string[], body: () => void): void {
  const status = interopStatus(modules);
  if (status.available) {
    describe(name, body);
  } else if (INTEROP_REQUIRED) {
    describe(name, () => {
      it('has the real readers it needs (BEAMSTACK_REQUIRE_INTEROP=1)', () => {
        throw new Error(`${status.reason}; interop tests are required here`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPING interop suite "${name}": ${status.reason} ***\n`);
    describe.skip(name, body);
  }
}

/**
 * `describe` over the real DECTRIS files, which live outside the repository: skipped with a loud
 * message when they are absent (they may not be copied into the repository).
 */
export function describeDectris(name: string, match: RegExp, body: (files: readonly string[]) => void): void {
  const files = dectrisFiles(match);
  if (files.length > 0) {
    describe(name, () => body(files));
  } else {
    console.warn(`\n*** SKIPPING "${name}": no real DECTRIS files matching ${match} in ${DECTRIS_DIR} ***\n`);
    describe.skip(name, () => body([]));
  }
}

/**
 * `it` for single tests that need the real readers: skipped loudly without them, failing when
 * BEAMSTACK_REQUIRE_INTEROP=1. Usage: `itInterop(['h5py'])('reads back', () => {...})`.
 */
export function itInterop(modules: readonly string[]): (name: string, body: () => unknown, timeout?: number) => void {
  const status = interopStatus(modules);
  if (status.available) return (name, body, timeout) => it(name, body, timeout);
  if (INTEROP_REQUIRED) {
    return (name) =>
      it(name, () => {
        throw new Error(`${status.reason}; interop tests are required here`);
      });
  }
  return (name, body) => {
    console.warn(`\n*** SKIPPING interop test "${name}": ${status.reason} ***\n`);
    it.skip(name, body);
  };
}

/** The codec conformance suite as a vitest `describe` block: one `it` per check. */
export function describeCodecConformance<O>(codec: CodecStage<O>, options?: CodecConformanceOptions): void {
  const id = typeof codec?.id === 'string' ? codec.id : String(codec?.id);
  describe(`codec '${id}' conformance`, () => {
    for (const check of codecConformance(codec, options)) it(check.name, () => check.run());
  });
}
