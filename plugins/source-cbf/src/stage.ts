import { defineSource } from '@beamstack/contract';
import { openCbf } from './open.js';
import { cbfSourceOptionsSchema } from './options.js';
import { STAGE_ID } from './version.js';

/**
 * The `cbf` source: a miniCBF series (glob, #-template or one file) read as byte-offset payloads;
 * the Pilatus header of the first file describes the series.
 */
export const cbfSource = defineSource({
  id: STAGE_ID,
  description: 'miniCBF series reader (x_*.cbf, x_######.cbf or one file): Pilatus header → metadata, payloads MD5-checked and decoded in the workers',
  options: cbfSourceOptionsSchema,
  open(options, ctx) {
    return openCbf(options, ctx);
  },
});
