// Plain JavaScript, no imports: a plugin folder that works wherever it is copied.
export default {
  stages: [
    {
      kind: 'transform',
      id: 'clip',
      description: 'clips every unmasked pixel at `ceiling` counts',
      accepts: 'pixels',
      options: { type: 'object', properties: { ceiling: { type: 'integer', minimum: 0, default: 100 } }, required: [] },
      mapMeta: (meta, { options }) => ({ ...meta, detector: { ...meta.detector, saturationValue: Math.min(meta.detector.saturationValue, options.ceiling) } }),
      apply([frame], { options, input }) {
        const masked = 2 ** input.detector.bitDepthImage - 1;
        const out = frame.pixels.slice();
        for (let i = 0; i < out.length; i++) if (out[i] !== masked && out[i] > options.ceiling) out[i] = options.ceiling;
        return { ...frame, pixels: out };
      },
    },
  ],
};
