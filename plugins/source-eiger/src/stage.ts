import { defineSource } from '@beamstack/contract';
import { openEiger } from './open.js';
import { eigerOptionsSchema } from './options.js';

/**
 * The `eiger` source: DECTRIS Eiger / NXmx HDF5 series (master + data files, virtual datasets,
 * lone data files, other layouts by dataset path). Frames come out as the stored chunks, tagged
 * with the codec that maps the file's HDF5 filters, so compressed data stay compressed.
 */
export const eigerSource = defineSource({
  id: 'eiger',
  description: 'DECTRIS Eiger / NXmx HDF5 reader: master + data files, VDS or lone data files; frames as stored chunks with complete metadata',
  options: eigerOptionsSchema,
  open(options, ctx) {
    return openEiger(options, ctx);
  },
});
