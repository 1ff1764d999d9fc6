import { moduleColumns, moduleRows } from './detectors.js';
import type { DetectorGeometry } from './detectors.js';
import { Streams, Xoshiro128, seedWords } from './random.js';

/** NXmx pixel_mask bits used here. */
export const MaskBits = { gap: 1 << 0, dead: 1 << 1, hot: 1 << 3 } as const;

/** Defects per module: a realistic handful, a few per half-million pixels. */
const DEAD_PER_MODULE = 3;
const FLAGGED_HOT_PER_MODULE = 4;
const UNFLAGGED_HOT_PER_MODULE = 1;

export interface PixelDefects {
  /** NXmx bit field, H×W row-major. Shared by all frames of a series: never mutate. */
  readonly mask: Uint32Array;
  /** Flat indices of flagged (dead or hot) pixels inside modules. */
  readonly flagged: Int32Array;
  /**
   * Hot pixels the mask does not know about: they report large counts on every frame, as a pixel
   * that went bad after the mask was made would. Flat indices and mean counts per 10 ms.
   */
  readonly unflaggedHot: Int32Array;
  readonly unflaggedHotRate: Float64Array;
}

/** Builds the mask and defect lists; depends only on the detector and the seed. */
export function buildDefects(geometry: DetectorGeometry, seed: number): PixelDefects {
  const { width, height } = geometry;
  const mask = new Uint32Array(width * height).fill(MaskBits.gap);
  const columns = moduleColumns(geometry);
  for (const row0 of moduleRows(geometry)) {
    for (let y = row0; y < row0 + geometry.moduleHeight; y++) {
      for (const col0 of columns) mask.fill(0, y * width + col0, y * width + col0 + geometry.moduleWidth);
    }
  }
  const modules = geometry.modulesX * geometry.modulesY;
  const random = new Xoshiro128([...seedWords(seed), Streams.mask, geometry.width, geometry.height]);
  const pickFree = (): number => {
    // Loops only while it hits a gap or an already-defective pixel; modules cover > 90 % of the image.
    for (;;) {
      const index = random.below(width * height);
      if (mask[index] === 0) return index;
    }
  };
  const flagged: number[] = [];
  for (let i = 0; i < modules * DEAD_PER_MODULE; i++) {
    const index = pickFree();
    mask[index] = MaskBits.dead;
    flagged.push(index);
  }
  for (let i = 0; i < modules * FLAGGED_HOT_PER_MODULE; i++) {
    const index = pickFree();
    mask[index] = MaskBits.hot;
    flagged.push(index);
  }
  const unflagged = new Int32Array(Math.max(2, modules * UNFLAGGED_HOT_PER_MODULE));
  const rates = new Float64Array(unflagged.length);
  const taken = new Set<number>();
  for (let i = 0; i < unflagged.length; i++) {
    let index = pickFree();
    while (taken.has(index)) index = pickFree();
    taken.add(index);
    unflagged[i] = index;
    // Between 5,000 and 500,000 counts per 10 ms: some clip at the 16-bit cut-off.
    rates[i] = 5000 * Math.pow(100, random.nextUnit());
  }
  return { mask, flagged: Int32Array.from(flagged), unflaggedHot: unflagged, unflaggedHotRate: rates };
}
