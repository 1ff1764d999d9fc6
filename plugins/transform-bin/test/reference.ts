import type { DatasetMeta, DType, PixelArray } from '@beamstack/contract';
import { markerOf, referenceCounts, untrustedOf, type ReferenceSum } from '../../transform-sum/test/reference.js';

/*
 * An independent statement of the binning rules (README "Rules"), one bin and one pixel at a
 * time, with exact integer rounding in BigInt. The stage must agree with it.
 */

export interface BinCase {
  readonly factor: number;
  readonly mode: 'sum' | 'mean';
  readonly maskAware: boolean;
  readonly edges: 'crop' | 'pad';
  readonly overflow: 'widen' | 'clip';
}

export interface ReferenceBin {
  readonly shape: [number, number];
  readonly dtype: DType;
  readonly saturation: number;
  readonly mask: number[] | null;
  readonly pixels: number[];
}

const CEILING: Record<string, number> = { uint8: 253, uint16: 65533, uint32: 2147483645 };

/** n / d rounded half to even, exactly. */
export function halfEven(n: number, d: number): number {
  const num = BigInt(n);
  const den = BigInt(d);
  let q = num / den;
  const r = num % den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n;
  return Number(q);
}

/** Output type and saturation: b² counts added up, or a mean (same type, saturation S within the ceiling). */
export function referenceBinCounts(meta: DatasetMeta, c: BinCase): ReferenceSum | null {
  if (c.mode === 'mean') return { dtype: meta.dtype, saturation: Math.min(untrustedOf(meta), CEILING[meta.dtype]!) };
  return referenceCounts(meta, c.factor * c.factor, c.overflow);
}

export function referenceBin(frame: PixelArray | null, meta: DatasetMeta, c: BinCase): ReferenceBin {
  const [h, w] = meta.shape;
  const b = c.factor;
  const area = b * b;
  const round = c.edges === 'pad' ? Math.ceil : Math.floor;
  const shape: [number, number] = [round(h / b), round(w / b)];
  const counts = referenceBinCounts(meta, c)!;
  const marker = markerOf(meta.dtype);
  const outMarker = markerOf(counts.dtype);
  const s = untrustedOf(meta);
  const inMask = meta.detector.pixelMask;
  const mask: number[] = [];
  const pixels: number[] = [];
  for (let row = 0; row < shape[0]; row++) {
    for (let col = 0; col < shape[1]; col++) {
      let bits = 0;
      let staticValid = 0;
      let valid = 0;
      let sum = 0;
      let sawMarker = false;
      let overloaded = false;
      for (let dy = 0; dy < b; dy++) {
        for (let dx = 0; dx < b; dx++) {
          const y = row * b + dy;
          const x = col * b + dx;
          if (y >= h || x >= w) {
            bits = (bits | 1) >>> 0; // beyond the frame: no sensor
            continue;
          }
          const m = inMask ? inMask[y * w + x]! : 0;
          bits = (bits | m) >>> 0;
          if (m !== 0) continue;
          staticValid += 1;
          if (frame === null) continue;
          const v = frame[y * w + x]!;
          if (v === marker) {
            sawMarker = true;
            continue;
          }
          if (v >= s) overloaded = true;
          sum += v;
          valid += 1;
        }
      }
      const maskedStatic = c.maskAware ? 2 * staticValid < area : bits !== 0;
      mask.push(maskedStatic ? bits : 0);
      if (frame === null) continue;
      const masked = c.maskAware ? 2 * valid < area : bits !== 0 || sawMarker;
      let value: number;
      if (masked) value = outMarker;
      else if (overloaded) value = counts.saturation;
      else if (c.mode === 'mean') value = Math.min(halfEven(sum, valid), counts.saturation);
      else value = Math.min(halfEven(sum * area, valid), counts.saturation);
      pixels.push(value);
    }
  }
  const anyMasked = mask.some((m) => m !== 0);
  return { shape, dtype: counts.dtype, saturation: counts.saturation, mask: anyMasked || inMask ? mask : null, pixels };
}
