import { BeamstackError, ErrorCodes, type ErrorContext } from '@beamstack/contract';

/** Unreadable, inconsistent or unsupported CBF input, naming the file. */
export function cbfInputError(message: string, file: string, context: ErrorContext = {}, cause?: unknown): BeamstackError {
  return new BeamstackError(ErrorCodes.INPUT, message, { file, ...context }, cause === undefined ? undefined : { cause });
}
