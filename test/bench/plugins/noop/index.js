// Stages that do nothing, to measure what the runner itself costs per frame.
const none = { type: 'object', properties: {} };
export default {
  stages: [
    {
      kind: 'source', id: 'bench-tiny', description: 'tiny frames rendered in workers',
      options: { type: 'object', properties: { frames: { type: 'integer', minimum: 1, default: 1000 } } },
      open: (o) => ({
        meta: {
          frameCount: o.frames, shape: [4, 4], dtype: 'uint16',
          detector: { description: 'bench', serialNumber: '', sensorMaterial: 'Si', sensorThickness_m: 4.5e-4, pixelSize_m: [7.5e-5, 7.5e-5], beamCenter_px: [2, 2], distance_m: 0.1, countTime_s: 0.01, frameTime_s: 0.01, readoutTime_s: 0, saturationValue: 60000, underloadValue: -1, bitDepthImage: 16, bitDepthReadout: 16, thresholdEnergy_eV: 6000, pixelMask: null, pixelMaskApplied: false, countrateCorrectionApplied: false, flatfieldCorrectionApplied: false, firmwareVersion: '' },
          beam: { wavelength_A: 1, flux_photons_per_s: null, polarization: null },
          scan: { axis: 'omega', vector: [-1, 0, 0], start_deg: 0, increment_deg: 0.1, angles_deg: null },
          sample: { name: '' }, facility: { sourceName: '', sourceShortName: '', instrumentName: '', instrumentShortName: '' },
          startTime: '2024-01-01T00:00:00.000Z', provenance: { inputs: [], steps: [] }, extras: {},
        },
        encoding: null,
      }),
      render: (index) => ({ index, shape: [4, 4], dtype: 'uint16', pixels: new Uint16Array(16) }),
    },
    { kind: 'transform', id: 'bench-noop', description: 'returns its frame', accepts: 'pixels', options: none, mapMeta: (m) => m, apply: ([f]) => f },
  ],
};
