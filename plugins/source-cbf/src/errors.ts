import { BeamstackError, ErrorCodes, isBeamstackError, type ErrorContext } from '@beamstack/contract';
import { STAGE_ID } from './version.js';

/** An INPUT error of this stage. */
export function inputError(message: string, context: ErrorContext = {}, cause?: unknown): BeamstackError {
  return new BeamstackError(ErrorCodes.INPUT, message, { stage: STAGE_ID, ...context }, cause === undefined ? undefined : { cause });
}

/** Any failure reading `file` as a coded error naming it (coded errors keep their code). */
export function asInputError(error: unknown, file: string, what: string): BeamstackError {
  if (isBeamstackError(error)) return error.withContext({ stage: STAGE_ID, file });
  const detail = error instanceof Error ? error.message : String(error);
  return inputError(`${what}: ${detail}`, { file }, error);
}
