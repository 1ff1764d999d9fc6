// A writer that keeps nothing: isolates everything before the writer.
export default {
  stages: [
    {
      kind: 'writer', id: 'bench-discard', description: 'counts frames and drops them',
      options: { type: 'object', properties: {} }, accepts: { pixels: true, encoded: 'hdf5' },
      open: () => {
        let n = 0;
        return { write: () => { n++; }, close: async () => ({ files: [], frames: n }), abort: () => undefined };
      },
    },
  ],
};
