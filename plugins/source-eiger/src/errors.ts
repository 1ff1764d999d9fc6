import { BeamstackError, ErrorCodes, isBeamstackError, type ErrorContext } from '@beamstack/contract';

export const STAGE_ID = 'eiger';

/** An INPUT error of this stage: unreadable, inconsistent or unsupported input. */
export function inputError(message: string, context: ErrorContext = {}, cause?: unknown): BeamstackError {
  return new BeamstackError(ErrorCodes.INPUT, message, { stage: STAGE_ID, ...context }, cause === undefined ? undefined : { cause });
}

/**
 * Any failure as an INPUT error with this context: coded errors keep their code and their own
 * (innermost) context, anything else (a library exception) becomes INPUT with its message.
 */
export function asInputError(error: unknown, context: ErrorContext, what: string): BeamstackError {
  if (isBeamstackError(error)) return error.withContext({ stage: STAGE_ID, ...context });
  const detail = error instanceof Error ? firstLine(error.message) : String(error);
  return inputError(`${what}: ${detail}`, context, error);
}

/** HDF5 error stacks are many lines; the innermost "minor" line says the most. */
function firstLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines[0]?.startsWith('HDF5-DIAG')) {
    const where = lines.filter((l) => /^#\d+:/.test(l)).pop()?.replace(/^#\d+:\s*\S+\s+line\s+\d+\s+in\s+/, '') ?? '';
    const minor = lines.filter((l) => l.startsWith('minor:')).pop()?.slice(6).trim() ?? '';
    return `HDF5 error: ${where}${minor ? ` (${minor})` : ''}`;
  }
  return lines[0] ?? message;
}
