import { BeamstackError, ErrorCodes, type ErrorContext } from '@beamstack/contract';

/** A caller passed something this writer cannot store as given (bad path, shape, value, index). */
export function invalid(message: string, context: ErrorContext = {}): BeamstackError {
  return new BeamstackError(ErrorCodes.INPUT, message, context);
}

/** The file could not be written, or the writer is in a state that forbids the call. */
export function outputFailure(message: string, context: ErrorContext = {}, cause?: unknown): BeamstackError {
  return new BeamstackError(ErrorCodes.OUTPUT, message, context, cause === undefined ? undefined : { cause });
}
