import { definePlugin } from '@beamstack/contract';
import { maskTransform } from './stage.js';

export { maskTransform } from './stage.js';
export { maskedMeta, USER_MASK_BIT } from './merge.js';
export { maskedValueFor } from './masked-value.js';
export { loadUserMask, maskPath, type UserMask } from './user-mask.js';
export { parseNpyMask, isNpy, type NpyMask } from './npy.js';
export { readHdf5UserMask, HDF5_MASK_PATHS } from './hdf5-mask.js';
export { maskRuns, fillRuns } from './runs.js';
export default definePlugin({ stages: [maskTransform] });
