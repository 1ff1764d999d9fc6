import { defineTransform, frameAngle, type DatasetMeta } from '@beamstack/contract';
import { parseFrameSpec, type FrameSelection } from './spec.js';

// select() is called once per source frame on the main thread: parse each spec once per dataset.
const cache = new Map<string, { selection: FrameSelection; member: Uint8Array }>();

function selectionFor(spec: string, frameCount: number): { selection: FrameSelection; member: Uint8Array } {
  const key = `${frameCount}\u0000${spec}`;
  let entry = cache.get(key);
  if (!entry) {
    const selection = parseFrameSpec(spec, frameCount);
    const member = new Uint8Array(frameCount);
    for (const i of selection.indices) member[i] = 1;
    entry = { selection, member };
    if (cache.size > 16) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  return entry;
}

export const selectTransform = defineTransform({
  id: 'select',
  description: 'keeps frames by 1-based image number: ranges (1:900), strides (::10) and lists ([3,7,9]); never reads or decodes the others',
  accepts: 'any',
  options: {
    type: 'object',
    properties: {
      frames: { type: 'string', minLength: 1, description: "images to keep, e.g. '1:900', '::10', '[3,7,9]', '1:10,50:60'" },
    },
    required: ['frames'],
  },
  mapMeta(meta: DatasetMeta, { options }): DatasetMeta {
    const { selection } = selectionFor(options.frames, meta.frameCount);
    const first = selection.indices[0]!;
    const angles = selection.contiguous ? null : Array.from(selection.indices, (i) => frameAngle(meta.scan, i));
    return {
      ...meta,
      frameCount: selection.indices.length,
      scan: { ...meta.scan, start_deg: frameAngle(meta.scan, first), angles_deg: angles },
    };
  },
  select(index, meta, { options }) {
    return selectionFor(options.frames, meta.frameCount).member[index] === 1;
  },
});
