import { BeamstackError, ErrorCodes, isBeamstackError, type ErrorContext } from '@beamstack/contract';

/**
 * The file (and dataset) a decoding step works for, so that every error names them. Parsers
 * receive it instead of a bare path because the dataset is known only at the upper levels.
 */
export interface ReadContext {
  readonly file: string;
  readonly dataset?: string;
}

/** Prefix of errors that did not come from a check of ours (tests look for it). */
export const UNEXPECTED = 'unexpected failure while reading HDF5:';

/** Unreadable, inconsistent or unsupported input: every reader failure is an INPUT error. */
export function malformed(ctx: ReadContext, message: string, cause?: unknown): BeamstackError {
  const context: ErrorContext = ctx.dataset === undefined ? { file: ctx.file } : { file: ctx.file, dataset: ctx.dataset };
  return new BeamstackError(ErrorCodes.INPUT, message, context, cause === undefined ? undefined : { cause });
}

/**
 * Public entry points funnel every failure through here: coded errors gain the dataset (and
 * frame) they happened in; anything else (a RangeError from a decoder we did not bound, an I/O
 * error) becomes an INPUT error, so callers only ever see BeamstackErrors.
 */
export function asInputError(err: unknown, ctx: ReadContext, frame?: number): BeamstackError {
  if (isBeamstackError(err)) {
    const missingDataset = ctx.dataset !== undefined && err.context.dataset === undefined;
    const missingFrame = frame !== undefined && err.context.frame === undefined;
    if (!missingDataset && !missingFrame) return err;
    const context: ErrorContext = {
      ...err.context,
      ...(missingDataset ? { dataset: ctx.dataset } : {}),
      ...(missingFrame ? { frame } : {}),
    };
    return new BeamstackError(err.code, err.message, context, { cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  const base = malformed(ctx, `${UNEXPECTED} ${detail}`, err);
  return frame === undefined ? base : new BeamstackError(base.code, base.message, { ...base.context, frame }, { cause: err });
}
