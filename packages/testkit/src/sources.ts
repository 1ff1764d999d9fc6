import type { CodecStage, DatasetMeta, Frame, HostContext, PixelArray, SourceSession, SourceStage } from '@beamstack/contract';
import { testHostContext } from './host-context.js';

/** A generating source opened without the host; `render` runs its render hook on this thread. */
export interface RenderedSource {
  readonly meta: DatasetMeta;
  render(index: number): PixelArray;
}

/**
 * Opens a source that renders its frames (such as `simulate`) as the host would, with options
 * already validated, and renders frames directly: the independent expectation for pipeline tests.
 */
export async function openRendered<O>(source: SourceStage<O>, options: O, ctx: HostContext = testHostContext()): Promise<RenderedSource> {
  const render = source.render;
  if (!render) throw new Error(`source '${source.id}' has no render hook`);
  const { meta } = await source.open(options, ctx);
  return {
    meta,
    render: (index) => {
      const pixels = render.call(source, index, { options, meta }).pixels;
      if (!pixels) throw new Error(`source '${source.id}' rendered frame ${index} without pixels`);
      return pixels;
    },
  };
}

/** The pixels of a frame, decoded with the matching codec of `codecs` when it arrives encoded. */
export function framePixels(frame: Frame, codecs: readonly CodecStage[]): PixelArray {
  if (frame.pixels) return frame.pixels;
  const encoded = frame.encoded;
  if (!encoded) throw new Error(`frame ${frame.index} holds neither pixels nor a chunk`);
  const codec = codecs.find((c) => c.id === encoded.codec);
  if (!codec) throw new Error(`frame ${frame.index} is encoded with '${encoded.codec}', which no given codec decodes`);
  return codec.decode(encoded.bytes, { shape: frame.shape, dtype: frame.dtype }, { options: encoded.params });
}

/** Every frame of a source session that reads on the main thread, in order. */
export async function readAllFrames(session: SourceSession): Promise<Frame[]> {
  const read = session.read;
  if (!read) throw new Error('the session has no read hook (its source renders frames instead)');
  const frames: Frame[] = [];
  for (let i = 0; i < session.meta.frameCount; i++) frames.push(await read.call(session, i));
  return frames;
}
