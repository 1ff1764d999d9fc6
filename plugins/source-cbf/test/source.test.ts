import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatasetMeta } from '@beamstack/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@beamstack/testkit';
import plugin, { cbfSource, cbfSourceOptionsSchema, openCbf, verifiedByteOffsetCodec } from '../src/index.js';
import { H, W, decodeFrame, makeMask, testContext, writeSeries } from './helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/cbf');
let root: string;
let cleanup: () => Promise<void>;
let written: Awaited<ReturnType<typeof writeSeries>>;
beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  written = await writeSeries(root, 4);
});
afterAll(() => cleanup());

/** What a write → read cycle must keep (the dataset becomes int32 CBF values with a −1/−2 mask). */
function physics(meta: DatasetMeta): unknown {
  const { pixelMask: _m, bitDepthImage: _b, ...detector } = meta.detector;
  return { ...meta, dtype: undefined, provenance: undefined, extras: undefined, detector };
}

describe('cbf source', () => {
  it('is a plugin with the source and the worker codec it emits', () => {
    expect(plugin.stages.map((s) => [s.kind, s.id])).toEqual([
      ['source', 'cbf'],
      ['codec', 'byte-offset-md5'],
    ]);
    expect(cbfSource.options.required).toEqual(['path']);
    expect(cbfSourceOptionsSchema.properties.verify.default).toBe(true);
  });

  for (const pattern of ['x_######.cbf', 'x_*.cbf']) {
    it(`reads back what the writer wrote (${pattern}): pixels, geometry, scan, lineage`, async () => {
      const { ctx, warnings } = testContext(root);
      const session = await openCbf({ path: pattern, verify: true, checksums: false }, ctx);
      try {
        expect(warnings).toEqual([]);
        const meta = session.meta;
        expect(meta.frameCount).toBe(4);
        expect(meta.shape).toEqual([H, W]);
        expect(meta.dtype).toBe('int32');
        expect(physics(meta)).toEqual(physics(written.meta));
        expect(meta.detector.bitDepthImage).toBe(32);
        // −1 → gap (bit 0), −2 → bit 1: the mask the files carry, rebuilt from frame 1.
        expect(Array.from(meta.detector.pixelMask!)).toEqual(Array.from(makeMask(), (m) => (m & 1 ? 1 : m ? 2 : 0)));
        expect(meta.provenance.steps).toEqual(written.meta.provenance.steps);
        expect(meta.provenance.inputs.map((i) => [i.path, i.bytes, i.sha256])).toEqual(written.files.map((f) => [f, readFileSync(f).length, null]));
        expect(session.encoding).toEqual({ codec: 'byte-offset-md5', params: {} });
        for (let i = 0; i < 4; i++) {
          const frame = await session.read!(i);
          expect(frame.encoded!.codec).toBe('byte-offset-md5');
          expect(frame.encoded!.params).toEqual({ md5: expect.stringMatching(/==$/), file: written.files[i] });
          expect(Array.from(decodeFrame(frame))).toEqual(Array.from(written.values[i]!));
        }
      } finally {
        await session.close?.();
      }
    });
  }

  it('records SHA-256 checksums of the inputs when asked', async () => {
    const session = await openCbf({ path: join(root, 'x_*.cbf'), verify: true, checksums: true }, testContext().ctx);
    expect(session.meta.provenance.inputs.map((i) => i.sha256)).toEqual(written.files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')));
  });

  it('verify: false emits plain byte-offset chunks', async () => {
    const session = await openCbf({ path: join(root, 'x_000002.cbf'), verify: false, checksums: false }, testContext().ctx);
    expect(session.encoding.codec).toBe('byte-offset');
    const frame = await session.read!(0);
    expect(frame.encoded).toMatchObject({ codec: 'byte-offset', params: {} });
    expect(session.meta.scan.start_deg).toBe(12.5 + 0.25);
    expect(session.meta.startTime).toBe('2024-05-01T12:00:00.010Z');
  });

  for (const name of ['fabio-pilatus.cbf', 'cbflib-pilatus.cbf']) {
    it(`reads the golden ${name} (written by ${name.split('-')[0]})`, async () => {
      const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { values: number[]; geometry: { beam_xy_px: number[]; start_deg: number } };
      const { ctx, warnings } = testContext();
      const session = await openCbf({ path: join(FIXTURES, name), verify: true, checksums: false }, ctx);
      expect(warnings).toEqual([]);
      expect(session.meta.shape).toEqual([20, 24]);
      expect(session.meta.detector.beamCenter_px).toEqual(manifest.geometry.beam_xy_px);
      expect(session.meta.scan.start_deg).toBe(manifest.geometry.start_deg);
      const frame = await session.read!(0);
      expect(Array.from(verifiedByteOffsetCodec.decode(frame.encoded!.bytes, frame, { options: frame.encoded!.params }))).toEqual(manifest.values);
    });
  }
});
