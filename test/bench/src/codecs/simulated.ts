import type { JsonObject, PixelArray, SourceStage } from '@beamstack/contract';
import { testHostContext } from '@beamstack/testkit';
import { stageOptions } from '../stage-options.js';

const context = testHostContext();

/** Frame `index` of a source that renders (simulate), rendered here, outside any timing. */
export async function renderFrame(source: SourceStage, options: JsonObject, index: number): Promise<PixelArray> {
  const full = stageOptions(source, options);
  const session = await source.open(full, context);
  const frame = source.render!(index, { options: full, meta: session.meta });
  await session.close?.();
  return frame.pixels!;
}
