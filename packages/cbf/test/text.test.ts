import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactJson, formatNumber, headerText, joinRecords, parseNumber, parsePilatusLines, recordLines } from '../src/index.js';

describe('compactJson', () => {
  it('reads back unchanged, is printable ASCII and has no "#"', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = compactJson(value);
        expect(text).toMatch(/^[\x20-\x7e]*$/);
        expect(text).not.toContain('#');
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('escapes what would break a header line', () => {
    expect(compactJson({ a: '#x\né\u0001' })).toBe('{"a":"\\u0023x\\nu00e9\\u0001"}'.replace('\\nu00e9', '\\n\\u00e9'));
  });
});

describe('record lines', () => {
  it('split any record into lines of at most 80 characters, three or more words, and join back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('meta', 'step1', 'input12'), (value, name) => {
        const text = compactJson(value);
        fc.pre(!/^\s|\s$/.test(text));
        const lines = recordLines(name, text);
        for (const line of lines) {
          expect(line.length).toBeLessThanOrEqual(80);
          expect(line.split(/\s+/).length).toBeGreaterThanOrEqual(3);
          expect(line).toMatch(/^# Beamstack \S+ \S/);
          expect(line).not.toMatch(/\s$/);
        }
        const parsed = parsePilatusLines(lines);
        expect(joinRecords(parsed.records).get(name)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes blanks when a run of them would fall on every cut', () => {
    const text = JSON.stringify({ a: ' '.repeat(200) });
    const lines = recordLines('meta', text);
    expect(JSON.parse(joinRecords(parsePilatusLines(lines).records).get('meta')!)).toEqual({ a: ' '.repeat(200) });
  });

  it('leave out records with missing or repeated parts instead of guessing', () => {
    const lines = recordLines('step1', compactJson({ plugin: 'x'.repeat(300) }));
    expect(lines.length).toBeGreaterThan(3);
    const gap = parsePilatusLines([lines[0]!, lines[2]!]);
    expect(joinRecords(gap.records).has('step1')).toBe(false);
    const twice = parsePilatusLines([lines[0]!, lines[0]!]);
    expect(joinRecords(twice.records).has('step1')).toBe(false);
  });
});

describe('numbers', () => {
  it('round-trip exactly through the header text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseNumber(formatNumber(x))).toBe(Object.is(x, -0) ? 0 : x);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse strictly', () => {
    for (const bad of ['', '1a', 'NaN', 'Infinity', '1e400', '--1', '0x10', '1,5', ' ']) expect(parseNumber(bad), bad).toBeUndefined();
    expect(parseNumber('75e-6')).toBe(75e-6);
    expect(parseNumber(' .5 ')).toBe(0.5);
    expect(parseNumber('+3.')).toBe(3);
    expect(() => formatNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe('headerText', () => {
  it('keeps one printable ASCII line of bounded length', () => {
    expect(headerText('a\r\nb\tc é')).toBe('a b c ?');
    expect(headerText('x'.repeat(300), 20)).toBe(`${'x'.repeat(17)}...`);
  });
});

describe('Pilatus line tokenising', () => {
  it('reads keywords, the timestamp and the sensor line as fabio and dxtbx do', () => {
    const p = parsePilatusLines([
      '# Detector: Dectris EIGER2 Si 4M, S/N E-32-0000',
      '# 2024-05-01T12:00:00.000',
      '# Silicon sensor, thickness 0.000450 m',
      '# Tau = 0 s',
      '# Threshold_setting: 6350 eV',
      '# Beam_xy (973.15, 931.31) pixels',
      '# Beam_xy (1, 2) pixels',
      'not a comment',
      '#',
      '# :=starts with separators',
    ]);
    expect(p.timestamp).toBe('2024-05-01T12:00:00.000');
    expect(p.sensor).toEqual({ material: 'Silicon', rest: 'thickness 0.000450 m' });
    expect(p.values.get('Detector')).toBe('Dectris EIGER2 Si 4M, S/N E-32-0000');
    expect(p.values.get('Tau')).toBe('0 s');
    expect(p.values.get('Threshold_setting')).toBe('6350 eV');
    expect(p.values.get('Beam_xy')).toBe('(973.15, 931.31) pixels');
  });
});
