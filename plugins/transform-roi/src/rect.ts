import { BeamstackError, ErrorCodes, type FrameShape } from '@beamstack/contract';

/**
 * A region of interest in array indices: columns x .. x+width−1 (fast), rows y .. y+height−1
 * (slow), 0-based. In continuous pixel coordinates (column i spans [i, i+1)) it covers
 * [x, x+width) × [y, y+height), so a point keeps its place when shifted by (−x, −y).
 */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** `rect: [x, y, width, height]` as given in the options, checked against the frame. */
export function rectFromOption(value: readonly number[], shape: FrameShape, option = 'rect'): Rect {
  const fail = (why: string): never => {
    throw new BeamstackError(ErrorCodes.OPTIONS, `${option} ${JSON.stringify(value)}: ${why}`, { option });
  };
  if (value.length !== 4 || !value.every((v) => Number.isSafeInteger(v))) fail('must be four integers [x, y, width, height]');
  const [x, y, width, height] = value as [number, number, number, number];
  const [frameHeight, frameWidth] = shape;
  if (x < 0 || y < 0) fail('x and y must be >= 0');
  if (width < 1 || height < 1) fail('width and height must be >= 1');
  if (x + width > frameWidth) fail(`columns ${x} .. ${x + width - 1} reach beyond the frame (width ${frameWidth})`);
  if (y + height > frameHeight) fail(`rows ${y} .. ${y + height - 1} reach beyond the frame (height ${frameHeight})`);
  return { x, y, width, height };
}

export function isWholeFrame(rect: Rect, shape: FrameShape): boolean {
  return rect.x === 0 && rect.y === 0 && rect.width === shape[1] && rect.height === shape[0];
}
