import { BeamstackError, ErrorCodes, maskedValue } from '@beamstack/contract';
import { describe, expect, it } from 'vitest';
import plugin, {
  DETECTOR_NAMES,
  MaskBits,
  detectorGeometry,
  resolveSimulateOptions,
  simulateOptionsSchema,
  simulateSource,
} from '../src/index.js';
import { testHostContext } from '@beamstack/testkit';
import { openSimulation } from './helpers.js';

describe('simulate: plugin shape and options', () => {
  it('exports a plugin with the one source stage', () => {
    expect(plugin.stages).toEqual([simulateSource]);
    expect(simulateSource.kind).toBe('source');
    expect(simulateSource.id).toBe('simulate');
    expect(typeof simulateSource.render).toBe('function');
  });

  it('fills the schema defaults', () => {
    expect(resolveSimulateOptions()).toEqual({
      detector: 'eiger-4m',
      frames: 20,
      seed: 1,
      dtype: 'uint32',
      startAngle: 0,
      oscillation: 0.1,
      wavelength: 0.9762,
      distance: 0.15,
      exposure: 0.01,
      spots: 40,
    });
    for (const [name, schema] of Object.entries(simulateOptionsSchema.properties)) {
      expect(resolveSimulateOptions()[name as keyof typeof simulateOptionsSchema.properties], name).toBe(schema.default);
    }
  });

  it.each([
    [{ frames: 0 }, 'frames'],
    [{ frames: 2.5 }, 'frames'],
    [{ detector: 'eiger-32m' }, 'detector'],
    [{ dtype: 'int32' }, 'dtype'],
    [{ oscillation: 0 }, 'oscillation'],
    [{ wavelength: Number.NaN }, 'wavelength'],
    [{ seed: -1 }, 'seed'],
    [{ spotz: 3 }, 'spotz'],
  ])('refuses %j with a coded error naming the option', (input, option) => {
    let caught: unknown;
    try {
      resolveSimulateOptions(input as Record<string, unknown>);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BeamstackError);
    expect((caught as BeamstackError).code).toBe(ErrorCodes.OPTIONS);
    expect((caught as BeamstackError).context.option).toBe(option);
  });

  it('refuses to render a frame outside the series with a coded error naming the frame', async () => {
    const sim = await openSimulation({ detector: 'small', frames: 3 });
    for (const index of [-1, 3, 1.5]) {
      let caught: unknown;
      try {
        sim.render(index);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BeamstackError);
      expect((caught as BeamstackError).code).toBe(ErrorCodes.INPUT);
      expect((caught as BeamstackError).context.frame).toBe(index);
    }
  });

  it('warns (without failing) when the spot density needs a cell too large to enumerate', async () => {
    const warnings: string[] = [];
    const ctx = testHostContext({ onWarn: (message) => void warnings.push(message) });
    await simulateSource.open(resolveSimulateOptions({ detector: 'small', spots: 1000 }), ctx);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/spots/);
    await simulateSource.open(resolveSimulateOptions({ detector: 'small' }), ctx);
    expect(warnings).toHaveLength(1);
  });

  it('open also validates (plain JavaScript callers skip the host)', () => {
    const bad = { ...resolveSimulateOptions(), frames: -3 };
    expect(() => simulateSource.open(bad, testHostContext())).toThrow(/frames/);
  });
});

describe('simulate: DatasetMeta', () => {
  it('is complete and consistent for eiger-500k', async () => {
    const { meta } = await openSimulation({ detector: 'eiger-500k', frames: 7, startAngle: 12.5, oscillation: 0.25, dtype: 'uint16' });
    const session = await simulateSource.open(resolveSimulateOptions({ detector: 'small' }), testHostContext());
    expect(session.encoding).toBeNull();
    expect(session.frames).toBeUndefined();

    expect(meta.frameCount).toBe(7);
    expect(meta.shape).toEqual([514, 1030]);
    expect(meta.dtype).toBe('uint16');
    const d = meta.detector;
    expect(d.description).toBe('Dectris EIGER2 Si 500K (simulated)');
    expect(d.serialNumber).not.toBe('');
    expect(d.sensorMaterial).toBe('Si');
    expect(d.sensorThickness_m).toBeCloseTo(450e-6, 12);
    expect(d.pixelSize_m).toEqual([75e-6, 75e-6]);
    expect(d.distance_m).toBe(0.15);
    expect(d.frameTime_s).toBe(0.01);
    expect(d.countTime_s).toBeGreaterThan(0.0099);
    expect(d.countTime_s).toBeLessThan(0.01);
    expect(d.countTime_s + d.readoutTime_s).toBeCloseTo(d.frameTime_s, 12);
    expect(d.bitDepthImage).toBe(16);
    expect(d.bitDepthReadout).toBe(16);
    expect(d.saturationValue).toBe(65534);
    expect(d.saturationValue).toBeLessThan(maskedValue('uint16'));
    // Half of 12398.42 / 0.9762 eV.
    expect(d.thresholdEnergy_eV).toBe(6350);
    expect(d.pixelMaskApplied).toBe(true);
    expect(d.firmwareVersion).toBe('release-2020.2.2');
    expect(d.pixelMask).toBeInstanceOf(Uint32Array);
    expect(d.pixelMask!.length).toBe(514 * 1030);

    const [bx, by] = d.beamCenter_px;
    expect(bx).toBeGreaterThan(0);
    expect(bx).toBeLessThan(1030);
    expect(by).toBeGreaterThan(0);
    expect(by).toBeLessThan(514);
    expect(d.pixelMask![Math.floor(by) * 1030 + Math.floor(bx)]).toBe(0);

    expect(meta.beam.wavelength_A).toBe(0.9762);
    expect(meta.scan).toEqual({ axis: 'omega', vector: [-1, 0, 0], start_deg: 12.5, increment_deg: 0.25, angles_deg: null });
    expect(meta.sample.name).toMatch(/^simulated crystal \(P1, cell [\d. ]+\)$/);
    expect(meta.facility.sourceName).not.toBe('');
    expect(meta.startTime).toBe('2024-05-01T12:00:00.000Z');
    expect(new Date(meta.startTime).toISOString()).toBe(meta.startTime);
    expect(meta.provenance).toEqual({ inputs: [], steps: [] });
    expect(meta.extras).toEqual({});
  });

  it('has a 32-bit saturation below the masked value for uint32', async () => {
    const { meta } = await openSimulation({ detector: 'small', dtype: 'uint32' });
    expect(meta.detector.saturationValue).toBe(2_000_000);
    expect(meta.detector.bitDepthImage).toBe(32);
  });

  it('describes every geometry with the real EIGER2 sizes and a beam on a sensitive pixel', async () => {
    const expected: Record<string, [number, number]> = {
      'eiger-16m': [4371, 4150],
      'eiger-9m': [3269, 3110],
      'eiger-4m': [2167, 2070],
      'eiger-1m': [1065, 1030],
      'eiger-500k': [514, 1030],
      small: [256, 256],
    };
    expect([...DETECTOR_NAMES].sort()).toEqual(Object.keys(expected).sort());
    for (const name of DETECTOR_NAMES) {
      const { meta } = await openSimulation({ detector: name, frames: 3 });
      expect(meta.shape, name).toEqual(expected[name]);
      const [height, width] = meta.shape;
      const mask = meta.detector.pixelMask!;
      expect(mask.length).toBe(height * width);
      const [bx, by] = meta.detector.beamCenter_px;
      expect(mask[Math.floor(by) * width + Math.floor(bx)], name).toBe(0);
      // Gap pixels: everything outside the modules.
      const g = detectorGeometry(name);
      let gaps = 0;
      for (let i = 0; i < mask.length; i++) if ((mask[i]! & MaskBits.gap) !== 0) gaps++;
      expect(gaps, name).toBe(height * width - g.modulesX * g.modulesY * g.moduleWidth * g.moduleHeight);
      expect(meta.detector.description).toMatch(/\(simulated\)$/);
    }
  });

  it('returns a mask copy per open, so a caller cannot corrupt later series', async () => {
    const first = await openSimulation({ detector: 'small' });
    first.meta.detector.pixelMask!.fill(7);
    const second = await openSimulation({ detector: 'small' });
    expect(second.meta.detector.pixelMask![0]).toBe(0);
  });
});
