import type { HostContext, JsonObject, PixelArray, SourceStage } from '@beamstack/contract';

const quiet = (): void => undefined;
const context: HostContext = {
  log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  baseDir: process.cwd(),
  signal: new AbortController().signal,
  codecs: { get: () => undefined, list: () => [], fromHdf5Filters: () => undefined },
  warn: quiet,
};

/** Frame `index` of a source that renders (simulate), rendered here, outside any timing. */
export async function renderFrame(source: SourceStage, options: JsonObject, index: number): Promise<PixelArray> {
  const full: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(source.options.properties)) if (schema.default !== undefined) full[name] = schema.default;
  Object.assign(full, options);
  const session = await source.open(full as JsonObject, context);
  const frame = source.render!(index, { options: full as JsonObject, meta: session.meta });
  await session.close?.();
  return frame.pixels!;
}
