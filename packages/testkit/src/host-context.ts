import type { CodecCatalog, CodecStage, Encoding, ErrorContext, HostContext, JsonObject, WriterContext } from '@beamstack/contract';

const quiet = (): void => undefined;

/** A codec catalog over `codecs` that answers as the host's does (the first codec claiming a pipeline wins). */
export function codecCatalog(codecs: readonly CodecStage[] = []): CodecCatalog {
  return {
    get: (id) => codecs.find((c) => c.id === id),
    list: () => codecs,
    fromHdf5Filters: (filters, dtype) => {
      for (const codec of codecs) {
        const params = codec.hdf5?.paramsFromFilters(filters, dtype);
        if (params) return { codec, params: params as JsonObject };
      }
      return undefined;
    },
  };
}

/** A warning a stage reported through `ctx.warn`. */
export interface TestWarning {
  readonly message: string;
  readonly context?: ErrorContext;
}

export interface TestHostOptions {
  /** Folder relative option paths resolve against; default the working directory. */
  readonly baseDir?: string;
  /** Codecs the context's catalog knows; default none. */
  readonly codecs?: readonly CodecStage[];
  /** Collects every warning (`{ message, context }`); without it and `onWarn` warnings are dropped. */
  readonly warnings?: TestWarning[];
  /** Sees every warning, for tests that record them in their own form. */
  readonly onWarn?: (message: string, context?: ErrorContext) => void;
}

/**
 * A HostContext for calling a stage's main-thread hooks outside a run: a silent log, a signal
 * that is never aborted, a catalog of the given codecs, and warnings collected or dropped.
 */
export function testHostContext(options: TestHostOptions = {}): HostContext {
  const { warnings, onWarn } = options;
  return {
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    baseDir: options.baseDir ?? process.cwd(),
    signal: new AbortController().signal,
    codecs: codecCatalog(options.codecs),
    warn: (message, context) => {
      warnings?.push(context ? { message, context } : { message });
      onWarn?.(message, context);
    },
  };
}

export interface TestWriterContext extends WriterContext {
  /** Every warning the writer reported. */
  readonly warnings: TestWarning[];
}

/** A WriterContext for `outDir` (also its baseDir) that collects warnings; frames arrive as `encoding` (default pixels). */
export function testWriterContext(outDir: string, options: { readonly encoding?: Encoding | null; readonly codecs?: readonly CodecStage[] } = {}): TestWriterContext {
  const warnings: TestWarning[] = [];
  return {
    ...testHostContext({ baseDir: outDir, warnings, ...(options.codecs ? { codecs: options.codecs } : {}) }),
    outDir,
    encoding: options.encoding ?? null,
    warnings,
  };
}
