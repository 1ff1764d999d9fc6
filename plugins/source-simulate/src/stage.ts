import { defineSource } from '@beamstack/contract';
import { buildMeta } from './meta.js';
import { modelFor } from './model.js';
import { resolveSimulateOptions, simulateOptionsSchema } from './options.js';
import { renderFrame } from './render.js';

/**
 * The `simulate` source: realistic EIGER2-like rotation data generated on the fly. `open` only
 * describes the series; the host renders frames in its worker pool through `render`.
 */
export const simulateSource = defineSource({
  id: 'simulate',
  description:
    'Simulated EIGER2 rotation series: Poisson background, solvent ring, Bragg spots of a rotating crystal, beamstop, module gaps and defective pixels',
  options: simulateOptionsSchema,
  open(options, ctx) {
    const model = modelFor(resolveSimulateOptions(options));
    if (model.crystal.volumeCapped) {
      ctx.warn(`simulate: spots = ${options.spots} needs a cell too large to enumerate; frames will show fewer spots`, {
        stage: 'simulate',
        option: 'spots',
      });
    }
    return { meta: buildMeta(model), encoding: null };
  },
  render(index, { options }) {
    return renderFrame(modelFor(resolveSimulateOptions(options)), index);
  },
});
