import type { FrameShape } from '@beamstack/contract';
import { resolveSimulateOptions, simulateSource, type SimulateOptionsInput } from '@beamstack/source-simulate';
import { openRendered } from '@beamstack/testkit';

export interface CbfFrame {
  readonly shape: FrameShape;
  /** Counts as int32, the way Eiger → CBF converters write them. */
  readonly pixels: Int32Array;
  /** The raw detector frame (uint32 or uint16, masked pixels = 2^bits − 1). */
  readonly raw: Uint32Array | Uint16Array;
}

const INT32_MAX = 0x7fffffff;

/**
 * A realistic frame from @beamstack/source-simulate, opened and rendered as the host would, then
 * converted with the Eiger → CBF convention (FORMATS.md §7.3): mask bit 0 (gap) → −1, any other
 * "don't use" bit (1–15) → −2, other pixels keep their count (counts above 2^31 − 1 → −1).
 */
export async function simulatedCbfFrame(options: SimulateOptionsInput = {}, index = 5): Promise<CbfFrame> {
  const resolved = resolveSimulateOptions({ detector: 'eiger-4m', frames: Math.max(index + 1, 1), ...options });
  const { meta, render } = await openRendered(simulateSource, resolved);
  const raw = render(index);
  if (!(raw instanceof Uint32Array || raw instanceof Uint16Array)) throw new Error('simulate gave no uint pixels');
  const mask = meta.detector.pixelMask;
  const pixels = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const flags = mask ? mask[i]! : 0;
    const count = raw[i]!;
    pixels[i] = flags & 1 ? -1 : flags & 0xfffe ? -2 : count > INT32_MAX ? -1 : count;
  }
  return { shape: meta.shape, pixels, raw };
}
