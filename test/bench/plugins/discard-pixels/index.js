// A writer that takes only pixels and drops them: the host must decode encoded frames for it
// (in the pool), so a source → this writer chain measures reading + decoding and nothing else.
export default {
  stages: [
    {
      kind: 'writer', id: 'bench-discard-pixels', description: 'takes decoded pixels, checks their size, drops them',
      options: { type: 'object', properties: {} }, accepts: { pixels: true, encoded: [] },
      open: (meta) => {
        const expected = meta.shape.reduce((a, b) => a * b, 1);
        let n = 0;
        return {
          write: (frame) => {
            if (!frame.pixels || frame.pixels.length !== expected) throw new Error(`frame ${frame.index}: expected ${expected} decoded pixels`);
            n++;
          },
          close: async () => ({ files: [], frames: n }),
          abort: () => undefined,
        };
      },
    },
  ],
};
