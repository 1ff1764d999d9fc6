import { parseCbf, parseNumber, parsePilatusLines, type ParsedCbf } from '@beamstack/cbf';
import { contentMd5 } from '@beamstack/codec-byte-offset';
import { frameAngle, type DatasetMeta, type Encoding, type ErrorContext, type Frame } from '@beamstack/contract';
import { basename } from 'node:path';
import { frameParams } from './decode-file.js';
import { asInputError, inputError } from './errors.js';
import { readWholeFile } from './read-file.js';
import type { SeriesFile } from './series.js';

export interface FrameReaderPlan {
  readonly files: readonly SeriesFile[];
  readonly meta: DatasetMeta;
  readonly encoding: Encoding;
  readonly verify: boolean;
  /** No file of this series may be larger (bound from the first file's image size). */
  readonly maxBytes: number;
  readonly warn: (message: string, context?: ErrorContext) => void;
}

/** Mismatching MD5s reported one by one (verify: false) before they are only counted. */
const MAX_MD5_WARNINGS = 10;

/**
 * Reads frame files on the main thread: the bytes, a strict parse, a check that the file fits the
 * series; the payload then goes to a worker as `byte-offset-md5` (MD5 check + decode there).
 */
export class FrameReader {
  private md5Mismatches = 0;
  private missingMd5 = 0;
  private angleWarned = false;

  constructor(private readonly plan: FrameReaderPlan) {}

  async read(index: number): Promise<Frame> {
    const { files, meta, encoding, verify } = this.plan;
    const file = files[index];
    if (!file) throw inputError(`frame ${index} does not exist; the series has ${files.length}`, { frame: index });
    const bytes = await readWholeFile(file.path, this.plan.maxBytes);
    let parsed: ParsedCbf;
    try {
      parsed = parseCbf(bytes, file.path);
    } catch (error) {
      throw asInputError(error, file.path, 'cannot parse the CBF file').withContext({ frame: index });
    }
    this.checkFits(parsed, file.path, index);
    const md5 = parsed.binary.md5;
    if (md5 === null) {
      if (this.missingMd5++ === 0) this.plan.warn(`${basename(file.path)} has no Content-MD5; such files are read unchecked`, { file: file.path, frame: index });
    } else if (!verify) {
      const actual = contentMd5(parsed.payload);
      if (actual !== md5 && this.md5Mismatches++ < MAX_MD5_WARNINGS) {
        this.plan.warn(`Content-MD5 mismatch (verify: false, reading anyway): the header says ${md5}, the data hash to ${actual}`, { file: file.path, frame: index });
      }
    }
    this.checkAngle(parsed, file.path, index);
    const params = encoding.codec === 'byte-offset' ? {} : frameParams(parsed, file.path, verify);
    return { index, shape: meta.shape, dtype: meta.dtype, encoded: { codec: encoding.codec, params, bytes: parsed.payload } };
  }

  /** Counts for the end of the run (mismatches beyond the ones reported). */
  summary(): string | null {
    return this.md5Mismatches > MAX_MD5_WARNINGS ? `${this.md5Mismatches} files had a wrong Content-MD5 (${MAX_MD5_WARNINGS} reported)` : null;
  }

  private checkFits(parsed: ParsedCbf, path: string, index: number): void {
    const { meta } = this.plan;
    const b = parsed.binary;
    if (b.second !== meta.shape[0] || b.fastest !== meta.shape[1] || b.dtype !== meta.dtype) {
      throw inputError(`${basename(path)} holds a ${b.fastest}x${b.second} ${b.elementType} image; the series (from its first file) is ${meta.shape[1]}x${meta.shape[0]} ${meta.dtype}`, {
        file: path,
        frame: index,
      });
    }
  }

  /** A file whose Start_angle is not where the series puts it is worth one warning. */
  private checkAngle(parsed: ParsedCbf, path: string, index: number): void {
    if (this.angleWarned || index === 0) return;
    const line = parsePilatusLines(parsed.cif.contents ?? []).values.get('Start_angle');
    const angle = parseNumber(line?.split(/\s+/)[0]);
    const expected = frameAngle(this.plan.meta.scan, index);
    if (angle !== undefined && Math.abs(angle - expected) > 1e-6 * Math.max(1, Math.abs(expected))) {
      this.angleWarned = true;
      this.plan.warn(`${basename(path)} says Start_angle ${angle}, but as frame ${index + 1} of the series it starts at ${expected}; using the series' angles`, {
        file: path,
        frame: index,
      });
    }
  }
}
