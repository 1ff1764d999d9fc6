import { ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { codedError } from '@beamstack/testkit/vitest';
import { expect } from 'vitest';

/** A dataset description with a mask and provenance, for header tests. */
export function sampleMeta(overrides: Partial<DatasetMeta> = {}, shape: readonly [number, number] = [514, 1030]): DatasetMeta {
  const [H, W] = shape;
  const mask = new Uint32Array(H * W);
  for (let x = 0; x < W; x++) mask[Math.floor(H / 2) * W + x] = 1;
  mask[3] = 2;
  mask[4] = 8 | 1;
  mask[6] = 0x80000000;
  const base = testMeta({ shape, mask, frameCount: 4 });
  return {
    ...base,
    provenance: {
      inputs: [{ path: '/data/x_master.h5', bytes: 123456, sha256: 'ab'.repeat(32) }],
      steps: [{ plugin: '@beamstack/source-eiger', version: '0.1.0', stage: 'eiger', options: { path: '/data/x_master.h5' }, time: '2024-05-01T12:00:00.000Z', host: '@beamstack/host@0.1.0' }],
    },
    ...overrides,
  };
}

/** Asserts an INPUT error naming `file` whose message matches. */
export function expectInput(f: () => unknown, file: string, message: RegExp): void {
  const e = codedError(f);
  expect(e.code).toBe(ErrorCodes.INPUT);
  expect(e.context.file).toBe(file);
  expect(e.message).toMatch(message);
}

export function ascii(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
