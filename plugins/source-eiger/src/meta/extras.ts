import type { JsonPrimitive } from '@beamstack/contract';
import type { MetaInput } from './context.js';
import { join } from './locate.js';

/**
 * detectorSpecific members that have a typed home in DatasetMeta, or that a writer derives from
 * it (counts, sizes, versions, dates, masks): not extras, so they cannot contradict the typed
 * values after a stage changed them.
 */
const TYPED = new Set([
  'nimages', 'ntrigger', 'nsequences', 'x_pixels_in_detector', 'y_pixels_in_detector', 'compression',
  'countrate_correction_count_cutoff', 'saturation_value', 'eiger_fw_version', 'source_eiger_fw_version',
  'software_version', 'data_collection_date', 'frame_count_time', 'frame_period', 'photon_energy',
  'x_pixel_size', 'y_pixel_size', 'number_of_excluded_pixels', 'pixel_mask', 'flatfield',
  'bit_depth_image', 'bit_depth_readout', 'threshold_energy',
]);

const MAX_STRING = 4096;

/** Scalar detectorSpecific members without a typed home, under their DECTRIS names. */
export function readExtras(input: MetaInput): Record<string, JsonPrimitive> {
  const { fields, paths } = input;
  const out: Record<string, JsonPrimitive> = {};
  const base = paths.detectorSpecific;
  if (base === null) return out;
  for (const name of fields.file.children(base).sort()) {
    if (TYPED.has(name)) continue;
    const path = join(base, name);
    if (fields.file.kind(path) !== 'dataset') continue;
    const info = fields.file.info(path);
    if (!info || info.shape.reduce((n, d) => n * d, 1) !== 1 || info.virtual) continue;
    if (info.typeClass === 3) {
      const s = fields.str(path);
      if (s !== undefined && s.length <= MAX_STRING) out[name] = s;
    } else if (info.typeClass === 0 || info.typeClass === 1) {
      const v = fields.num(path);
      if (v !== undefined) out[name] = v;
    }
  }
  return out;
}
