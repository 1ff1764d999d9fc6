import type { DType, FrameShape } from '@beamstack/contract';
import type { Fields } from './fields.js';
import type { NxmxPaths } from './locate.js';

/** What every metadata reader gets: the master's fields, where its groups are, and the frames' form. */
export interface MetaInput {
  readonly fields: Fields;
  readonly paths: NxmxPaths;
  readonly shape: FrameShape;
  readonly dtype: DType;
  readonly frameCount: number;
}
