/**
 * Stable error codes. Scripts and tests match on these, so never reuse or rename one; add new
 * codes instead.
 */
export const ErrorCodes = {
  /** A plugin's declared contract range excludes the host's contract version. */
  PLUGIN_INCOMPATIBLE: 'BEAMSTACK_E_PLUGIN_INCOMPATIBLE',
  /** A plugin package or module does not have the shape the contract requires. */
  PLUGIN_MALFORMED: 'BEAMSTACK_E_PLUGIN_MALFORMED',
  /** Two plugins declare the same stage id. */
  PLUGIN_DUPLICATE: 'BEAMSTACK_E_PLUGIN_DUPLICATE',
  /** A plugin's module could not be imported. */
  PLUGIN_LOAD: 'BEAMSTACK_E_PLUGIN_LOAD',
  /** A stack names a stage (or codec) that no loaded plugin provides. */
  STAGE_UNKNOWN: 'BEAMSTACK_E_STAGE_UNKNOWN',
  /** A stack file cannot be read or has the wrong structure. */
  STACK: 'BEAMSTACK_E_STACK',
  /** A stage option (or CLI option) is invalid. */
  OPTIONS: 'BEAMSTACK_E_OPTIONS',
  /** Input data are unreadable, inconsistent or unsupported. */
  INPUT: 'BEAMSTACK_E_INPUT',
  /** Compressed data could not be decoded. */
  DECODE: 'BEAMSTACK_E_DECODE',
  /** Pixels could not be encoded. */
  ENCODE: 'BEAMSTACK_E_ENCODE',
  /** Output could not be written. */
  OUTPUT: 'BEAMSTACK_E_OUTPUT',
  /** A stage hook threw something that was not a coded error. */
  STAGE_FAILED: 'BEAMSTACK_E_STAGE_FAILED',
  /** The run was cancelled (signal, Ctrl-C). */
  CANCELLED: 'BEAMSTACK_E_CANCELLED',
  /** Command-line usage error. */
  USAGE: 'BEAMSTACK_E_USAGE',
  /** A bug in beamstack itself. */
  INTERNAL: 'BEAMSTACK_E_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Where an error happened; every field that is known should be filled. */
export interface ErrorContext {
  readonly file?: string;
  readonly dataset?: string;
  /** 0-based frame index. */
  readonly frame?: number;
  /** Path of the offending option, e.g. "site.yaml: stages[1].with.factor". */
  readonly option?: string;
  readonly plugin?: string;
  readonly stage?: string;
  readonly hook?: string;
  readonly codec?: string;
}

/** Plain-data form of an error, for JSON output and for crossing worker threads. */
export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly context: ErrorContext;
  readonly cause?: SerializedError | { readonly message: string; readonly stack?: string };
  readonly stack?: string;
}

const CODE_VALUES = new Set<string>(Object.values(ErrorCodes));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODE_VALUES.has(value);
}

/** The one error type beamstack throws on purpose. */
export class BeamstackError extends Error {
  override readonly name = 'BeamstackError';
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }

  /** A copy with more context; fields already set win, so the innermost detail is kept. */
  withContext(extra: ErrorContext): BeamstackError {
    const merged = new BeamstackError(this.code, this.message, { ...extra, ...this.context }, { cause: this.cause });
    merged.stack = this.stack;
    return merged;
  }

  toJSON(): SerializedError {
    return serializeError(this);
  }
}

/**
 * True for BeamstackErrors, also ones thrown by another copy of this package (a plugin installed
 * with its own @beamstack/contract) — so this checks the shape, not the class.
 */
export function isBeamstackError(value: unknown): value is BeamstackError {
  if (value instanceof BeamstackError) return true;
  if (!(value instanceof Error)) return false;
  const candidate = value as Error & { code?: unknown; context?: unknown; withContext?: unknown };
  return (
    candidate.name === 'BeamstackError' &&
    isErrorCode(candidate.code) &&
    typeof candidate.context === 'object' &&
    candidate.context !== null &&
    typeof candidate.withContext === 'function'
  );
}

export function serializeError(error: unknown): SerializedError {
  if (isBeamstackError(error)) {
    const cause = error.cause === undefined ? undefined : serializeCause(error.cause);
    return {
      code: error.code,
      message: error.message,
      context: { ...error.context },
      ...(cause ? { cause } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: ErrorCodes.INTERNAL,
    message,
    context: {},
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  };
}

function serializeCause(cause: unknown): SerializedError['cause'] {
  if (isBeamstackError(cause)) return serializeError(cause);
  if (cause instanceof Error) return { message: cause.message, ...(cause.stack ? { stack: cause.stack } : {}) };
  return { message: String(cause) };
}

/** Rebuilds a BeamstackError from its serialized form (e.g. after crossing a worker thread). */
export function reviveError(data: SerializedError): BeamstackError {
  const cause = data.cause === undefined ? undefined : reviveCause(data.cause);
  const error = new BeamstackError(data.code, data.message, data.context, cause === undefined ? undefined : { cause });
  if (data.stack) error.stack = data.stack;
  return error;
}

function reviveCause(cause: NonNullable<SerializedError['cause']>): Error {
  if ('code' in cause && isErrorCode(cause.code)) return reviveError(cause as SerializedError);
  const error = new Error(cause.message);
  if (cause.stack) error.stack = cause.stack;
  return error;
}

/** "file x, dataset y, frame 3" — the context in the order a user looks for it. */
export function describeContext(context: ErrorContext): string {
  const parts: string[] = [];
  if (context.plugin) parts.push(`plugin ${context.plugin}`);
  if (context.stage) parts.push(`stage ${context.stage}`);
  if (context.hook) parts.push(`hook ${context.hook}`);
  if (context.codec) parts.push(`codec ${context.codec}`);
  if (context.file) parts.push(`file ${context.file}`);
  if (context.dataset) parts.push(`dataset ${context.dataset}`);
  if (context.frame !== undefined) parts.push(`frame ${context.frame}`);
  if (context.option) parts.push(`option ${context.option}`);
  return parts.join(', ');
}

/** One line for a terminal: "BEAMSTACK_E_DECODE: truncated block (codec bslz4, frame 3)". */
export function formatError(error: BeamstackError | SerializedError): string {
  const where = describeContext(error.context);
  return `${error.code}: ${error.message}${where ? ` (${where})` : ''}`;
}
