import { describe, expect, it } from 'vitest';
import { BeamstackError, ErrorCodes, type DatasetMeta } from '@beamstack/contract';
import { testMeta } from '@beamstack/testkit';
import { roiTransform } from '../src/index.js';

const meta = testMeta({ shape: [514, 1030] });
const mapMeta = (options: Record<string, unknown>, m: DatasetMeta = meta): DatasetMeta =>
  roiTransform.mapMeta(m, { options: options as { rect?: number[]; dmin?: number } });

function optionsError(options: Record<string, unknown>): BeamstackError {
  try {
    mapMeta(options);
  } catch (error) {
    expect(error).toBeInstanceOf(BeamstackError);
    expect((error as BeamstackError).code).toBe(ErrorCodes.OPTIONS);
    return error as BeamstackError;
  }
  throw new Error(`mapMeta accepted ${JSON.stringify(options)}`);
}

describe('roi options', () => {
  it('takes a rectangle that lies inside the frame, edges included', () => {
    expect(mapMeta({ rect: [0, 0, 1030, 514] }).shape).toEqual([514, 1030]);
    expect(mapMeta({ rect: [1029, 513, 1, 1] }).shape).toEqual([1, 1]);
    expect(mapMeta({ rect: [10, 20, 1020, 494] }).shape).toEqual([494, 1020]);
  });

  it.each([
    [[0, 0, 1031, 514], /columns 0 \.\. 1030 reach beyond the frame \(width 1030\)/],
    [[0, 0, 1030, 515], /rows 0 \.\. 514 reach beyond the frame \(height 514\)/],
    [[1030, 0, 1, 1], /beyond the frame/],
    [[5, 5, 0, 10], /width and height must be >= 1/],
    [[-1, 0, 10, 10], /x and y must be >= 0/],
    [[0, 0, 10.5, 10], /four integers/],
    [[0, 0, 10], /four integers/],
  ])('refuses rect %j naming the option', (rect, message) => {
    const error = optionsError({ rect });
    expect(error.message).toMatch(message);
    expect(error.context.option).toBe('rect');
  });

  it('wants exactly one of rect and dmin', () => {
    expect(optionsError({}).message).toMatch(/exactly one of rect .* and dmin/);
    const both = optionsError({ rect: [0, 0, 5, 5], dmin: 2 });
    expect(both.message).toMatch(/exactly one/);
    expect(both.context.option).toBe('rect');
  });

  it('refuses a dmin no pixel reaches, naming the option and the best d on the detector', () => {
    const error = optionsError({ dmin: 1e5 });
    expect(error.context.option).toBe('dmin');
    expect(error.message).toMatch(/dmin 100000 Å selects no pixel: the lowest-angle pixel centre \(484, 221\) has d = \d+\.\d{3} Å/);
  });

  it('declares a schema the host can validate: rect four integers >= 0, dmin > 0', () => {
    const { rect, dmin } = roiTransform.options.properties;
    expect(rect).toMatchObject({ type: 'array', minItems: 4, maxItems: 4, items: { type: 'integer', minimum: 0 } });
    expect(dmin).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(roiTransform.accepts).toBe('pixels');
  });
});
