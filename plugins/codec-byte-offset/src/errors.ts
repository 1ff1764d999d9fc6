import { BeamstackError, ErrorCodes } from '@beamstack/contract';

export const CODEC_ID = 'byte-offset';

/** A payload that is not valid byte-offset data for the expected frame. */
export function decodeError(reason: string, cause?: unknown): BeamstackError {
  return new BeamstackError(ErrorCodes.DECODE, reason, { codec: CODEC_ID }, cause === undefined ? undefined : { cause });
}

/** Pixels that cannot be encoded (wrong type or size for the frame). */
export function encodeError(reason: string): BeamstackError {
  return new BeamstackError(ErrorCodes.ENCODE, reason, { codec: CODEC_ID });
}
