import { BeamstackError, ErrorCodes, isBeamstackError, type ErrorCode } from '@beamstack/contract';

export interface StageErrorSite {
  /** "name@version" */
  readonly plugin: string;
  /** Stage id, with the stack position when known: "bin (stages[2])". */
  readonly stage: string;
  readonly hook: string;
  readonly frame?: number;
}

/**
 * Tags an error thrown by a plugin hook with where it happened (as Rollup tags each plugin hook
 * failure). A coded error keeps its code and its own, more specific context; anything else becomes
 * `fallback` (BEAMSTACK_E_STAGE_FAILED unless the hook implies better, e.g. DECODE).
 */
export function stageError(error: unknown, site: StageErrorSite, fallback: ErrorCode = ErrorCodes.STAGE_FAILED): BeamstackError {
  const context = {
    plugin: site.plugin,
    stage: site.stage,
    hook: site.hook,
    ...(site.frame !== undefined ? { frame: site.frame } : {}),
  };
  if (isBeamstackError(error)) return error.withContext(context);
  const message = error instanceof Error ? error.message : String(error);
  return new BeamstackError(fallback, `${site.hook} threw: ${message}`, context, { cause: error });
}
