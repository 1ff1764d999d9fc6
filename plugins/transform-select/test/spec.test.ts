import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { parseFrameSpec } from '../src/spec.js';
import { selectTransform } from '../src/stage.js';

const images = (spec: string, n = 20): number[] => Array.from(parseFrameSpec(spec, n).indices, (i) => i + 1);

describe('frame selection specs (1-based image numbers)', () => {
  it('reads ranges, open ends, strides, lists and combinations', () => {
    expect(images('5')).toEqual([5]);
    expect(images('3:6')).toEqual([3, 4, 5, 6]);
    expect(images('18:')).toEqual([18, 19, 20]);
    expect(images(':3')).toEqual([1, 2, 3]);
    expect(images('::5')).toEqual([1, 6, 11, 16]);
    expect(images('2:9:3')).toEqual([2, 5, 8]);
    expect(images('[3,7, 9]')).toEqual([3, 7, 9]);
    expect(images('[9,3,3],1:2')).toEqual([1, 2, 3, 9]);
  });

  it('knows whether a selection is one contiguous run', () => {
    expect(parseFrameSpec('4:8', 20).contiguous).toBe(true);
    expect(parseFrameSpec('::2', 20).contiguous).toBe(false);
  });

  it('refuses frames that do not exist and malformed specs with an OPTIONS error naming the spec', () => {
    for (const [spec, why] of [
      ['1:900', "'1:900' reaches image 900, but the dataset has 20 frames"],
      ['[3,21]', 'image 21 does not exist (the dataset has 20 frames)'],
      ['0:5', 'image numbers start at 1'],
      ['5:3', "'5:3' ends before it starts"],
      ['a:b', "'a' is not an image number (1, 2, 3, ...)"],
      ['1,,2', 'has an empty item'],
      ['[1,2', "unclosed list '[1,2'"],
      ['1,2]', 'brackets do not match'],
      ['', 'is empty'],
      ['1:2:3:4', "'1:2:3:4' has more than start:stop:step"],
    ] as const) {
      let error: unknown;
      try {
        parseFrameSpec(spec, 20);
      } catch (e) {
        error = e;
      }
      expect(error, spec).toMatchObject({ code: ErrorCodes.OPTIONS, message: `frame selection '${spec}': ${why}` });
    }
  });
});

describe('select stage', () => {
  const meta = testMeta({ frameCount: 10 });

  it('describes the subset: frame count, first angle, per-frame angles for gaps', () => {
    const contiguous = selectTransform.mapMeta(meta, { options: { frames: '3:6' } });
    expect(contiguous.frameCount).toBe(4);
    expect(contiguous.scan.start_deg).toBeCloseTo(0.2);
    expect(contiguous.scan.angles_deg).toBeNull();
    const strided = selectTransform.mapMeta(meta, { options: { frames: '::4' } });
    expect(strided.frameCount).toBe(3);
    expect(strided.scan.angles_deg!.map((a) => +a.toFixed(6))).toEqual([0, 0.4, 0.8]);
    expect(strided.scan.increment_deg).toBe(0.1); // each frame still spans 0.1°
  });

  it('decides membership from the index alone', () => {
    const kept = [...Array(10).keys()].filter((i) => selectTransform.select!(i, meta, { options: { frames: '[2,5],9:' } }));
    expect(kept).toEqual([1, 4, 8, 9]);
  });
});
