import { BeamstackError, ErrorCodes, type DetectorMeta, type FrameShape } from '@beamstack/contract';

export type EdgeMode = 'crop' | 'pad';

/** Output shape: whole bins only ('crop'), or with the partial last row/column of bins ('pad'). */
export function binnedShape(shape: FrameShape, factor: number, edges: EdgeMode): FrameShape {
  const [h, w] = shape;
  if (!Number.isInteger(factor) || factor < 2) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `factor must be an integer >= 2 (got ${factor})`, { option: 'factor', stage: 'bin' });
  }
  if (factor > h || factor > w) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `factor ${factor} is larger than the ${h}x${w} frame: not one whole bin fits`, { option: 'factor', stage: 'bin' });
  }
  const round = edges === 'pad' ? Math.ceil : Math.floor;
  return [round(h / factor), round(w / factor)];
}

/**
 * Binned detector geometry. Pixel coordinates are continuous with column i spanning [i, i+1)
 * (dxtbx), so output column j spans input [j·b, (j+1)·b) and a point at input x sits at x / b.
 * Cropping removes only the far rows and columns, and padding adds only there, so the origin —
 * and with it the beam centre's physical position — is unchanged: bx' = bx / b with pixels b
 * times larger gives the same mm (the NXmx module_offset is bx'·px' = bx·px).
 */
export function binnedDetector(detector: DetectorMeta, factor: number): Pick<DetectorMeta, 'pixelSize_m' | 'beamCenter_px'> {
  const [px, py] = detector.pixelSize_m;
  const [bx, by] = detector.beamCenter_px;
  return { pixelSize_m: [px * factor, py * factor], beamCenter_px: [bx / factor, by / factor] };
}
