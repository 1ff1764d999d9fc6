import { BeamstackError, ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import type { Rect } from './rect.js';

/**
 * Resolution d (Å) at a point of a flat detector normal to the beam, given in continuous pixel
 * coordinates: d = λ / (2 sin θ), 2θ from the point's distance to the beam centre.
 */
export function resolutionAtPixel(meta: DatasetMeta, fast: number, slow: number): number {
  const { pixelSize_m, beamCenter_px, distance_m } = meta.detector;
  const r = Math.hypot((fast - beamCenter_px[0]) * pixelSize_m[0], (slow - beamCenter_px[1]) * pixelSize_m[1]);
  const sinTheta = Math.sin(Math.atan2(r, distance_m) / 2);
  return sinTheta > 0 ? meta.beam.wavelength_A / (2 * sinTheta) : Infinity;
}

/**
 * The smallest rectangle holding every pixel whose centre has d >= dmin, clipped to the frame
 * (so with the beam off-centre or off the detector only the pixels that exist count). The full
 * frame when every pixel qualifies; an OPTIONS error when none does.
 */
export function dminRect(meta: DatasetMeta, dmin: number, option = 'dmin'): Rect {
  checkGeometry(meta, option);
  const [height, width] = meta.shape;
  const wavelength = meta.beam.wavelength_A;
  const full: Rect = { x: 0, y: 0, width, height };
  // d >= dmin  ⇔  sin θ <= λ / (2 dmin). d never drops below λ/2, and a flat detector normal to the
  // beam sees only 2θ < 90°: in either case every pixel qualifies.
  const sinMax = wavelength / (2 * dmin);
  if (sinMax >= Math.SQRT1_2) return full;
  const radius_m = meta.detector.distance_m * Math.tan(2 * Math.asin(sinMax));
  const [px, py] = meta.detector.pixelSize_m;
  const [bx, by] = meta.detector.beamCenter_px;
  const qualifies = (col: number, row: number): boolean => resolutionAtPixel(meta, col + 0.5, row + 0.5) >= dmin;

  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let row = 0; row < height; row++) {
    const dy = (row + 0.5 - by) * py;
    const left = radius_m * radius_m - dy * dy;
    // A row just outside the circle can still hold a qualifying centre by rounding: look one pixel
    // further than the circle says, then let `qualifies` (the exact rule) decide.
    if (left < -1e-9 * radius_m * radius_m) continue;
    const half = Math.sqrt(Math.max(0, left)) / px;
    let lo = Math.max(0, Math.ceil(bx - half - 0.5));
    let hi = Math.min(width - 1, Math.floor(bx + half - 0.5));
    if (lo > hi) {
      // The circle's chord misses every column centre in this row (or the frame): test the
      // nearest column, which decides it.
      const nearest = Math.min(width - 1, Math.max(0, Math.round(bx - 0.5)));
      if (!qualifies(nearest, row)) continue;
      lo = hi = nearest;
    }
    while (lo > 0 && qualifies(lo - 1, row)) lo--;
    while (lo <= hi && !qualifies(lo, row)) lo++;
    while (hi < width - 1 && qualifies(hi + 1, row)) hi++;
    while (hi >= lo && !qualifies(hi, row)) hi--;
    if (lo > hi) continue;
    if (lo < x0) x0 = lo;
    if (hi > x1) x1 = hi;
    if (row < y0) y0 = row;
    y1 = row;
  }
  if (x0 > x1) {
    const best = highestResolutionPixel(meta);
    throw new BeamstackError(
      ErrorCodes.OPTIONS,
      `dmin ${dmin} Å selects no pixel: the lowest-angle pixel centre (${best.col}, ${best.row}) has d = ${best.d.toFixed(3)} Å`,
      { option },
    );
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The pixel nearest the beam (largest d), for messages. */
function highestResolutionPixel(meta: DatasetMeta): { col: number; row: number; d: number } {
  const [height, width] = meta.shape;
  const [bx, by] = meta.detector.beamCenter_px;
  const col = Math.min(width - 1, Math.max(0, Math.floor(bx)));
  const row = Math.min(height - 1, Math.max(0, Math.floor(by)));
  return { col, row, d: resolutionAtPixel(meta, col + 0.5, row + 0.5) };
}

function checkGeometry(meta: DatasetMeta, option: string): void {
  const { pixelSize_m, beamCenter_px, distance_m } = meta.detector;
  const problems: string[] = [];
  if (!(meta.beam.wavelength_A > 0) || !Number.isFinite(meta.beam.wavelength_A)) problems.push(`wavelength ${meta.beam.wavelength_A} Å`);
  if (!(distance_m > 0) || !Number.isFinite(distance_m)) problems.push(`distance ${distance_m} m`);
  if (!pixelSize_m.every((s) => s > 0 && Number.isFinite(s))) problems.push(`pixel size ${JSON.stringify(pixelSize_m)} m`);
  if (!beamCenter_px.every(Number.isFinite)) problems.push(`beam centre ${JSON.stringify(beamCenter_px)} px`);
  if (problems.length > 0) {
    throw new BeamstackError(ErrorCodes.INPUT, `cannot compute a resolution limit from this geometry: ${problems.join(', ')}`, { option });
  }
}
