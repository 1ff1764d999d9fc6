import { DTYPES, type DType } from '@beamstack/contract';

export const CODEC_ID = 'deflate';

export const SUPPORTED_DTYPES: readonly DType[] = DTYPES;
