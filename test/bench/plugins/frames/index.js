// A source that repeats one frame read from a raw file, rendered in the workers: the pool then
// spends its time in the stages after it (a codec), not in making frames.
import { readFileSync } from 'node:fs';

const cache = new Map();

/**
 * The file's pixels, read once per thread (the same on every thread, so render stays pure).
 * Frames are handed out without a copy, so only the codec's work is measured: in a chain that
 * ends encoded the pixels never leave the worker. If a chain does transfer them (a writer that
 * takes pixels), the buffer is detached and simply read again.
 */
function template(file, dtype) {
  let pixels = cache.get(file);
  if (!pixels || pixels.byteLength === 0) {
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    pixels = dtype === 'uint16' ? new Uint16Array(buffer) : dtype === 'int32' ? new Int32Array(buffer) : new Uint32Array(buffer);
    cache.clear();
    cache.set(file, pixels);
  }
  return pixels;
}

export default {
  stages: [
    {
      kind: 'source',
      id: 'bench-frame',
      description: 'one raw frame file, repeated; rendered in workers',
      options: {
        type: 'object',
        properties: {
          file: { type: 'string', description: 'raw little-endian pixels' },
          height: { type: 'integer', minimum: 1 },
          width: { type: 'integer', minimum: 1 },
          dtype: { type: 'string', enum: ['uint32', 'uint16', 'int32'], default: 'uint32' },
          frames: { type: 'integer', minimum: 1, default: 10 },
        },
        required: ['file', 'height', 'width'],
      },
      open: (o) => ({
        meta: {
          frameCount: o.frames, shape: [o.height, o.width], dtype: o.dtype,
          detector: { description: 'bench', serialNumber: '', sensorMaterial: 'Si', sensorThickness_m: 4.5e-4, pixelSize_m: [7.5e-5, 7.5e-5], beamCenter_px: [o.width / 2, o.height / 2], distance_m: 0.1, countTime_s: 0.01, frameTime_s: 0.01, readoutTime_s: 0, saturationValue: 2000000, underloadValue: -1, bitDepthImage: 32, bitDepthReadout: 32, thresholdEnergy_eV: 6000, pixelMask: null, pixelMaskApplied: true, countrateCorrectionApplied: false, flatfieldCorrectionApplied: false, firmwareVersion: '' },
          beam: { wavelength_A: 1, flux_photons_per_s: null, polarization: null },
          scan: { axis: 'omega', vector: [-1, 0, 0], start_deg: 0, increment_deg: 0.1, angles_deg: null },
          sample: { name: '' }, facility: { sourceName: '', sourceShortName: '', instrumentName: '', instrumentShortName: '' },
          startTime: '2024-01-01T00:00:00.000Z', provenance: { inputs: [], steps: [] }, extras: {},
        },
        encoding: null,
      }),
      render: (index, { options }) => ({ index, shape: [options.height, options.width], dtype: options.dtype, pixels: template(options.file, options.dtype) }),
    },
  ],
};
