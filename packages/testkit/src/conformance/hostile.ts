import type { CodecStage, DType, FrameInfo, FrameShape, JsonObject } from '@beamstack/contract';
import { fail, type ConformanceCheck } from './check.js';
import { attemptDecode, copyBytes, hexPreview, type DecodeOutcome } from './outcome.js';
import { caseLabel, caseSeed, casePixels, encodeChecked, type FrameCase } from './roundtrip.js';
import { SeededRandom, hashString, mixSeed } from './random.js';

/** A valid chunk to corrupt, with what it stands for. */
interface BaseChunk {
  readonly bytes: Uint8Array;
  readonly info: FrameInfo;
  readonly label: string;
}

export interface HostileSettings {
  readonly seed: number;
  readonly hangMs: number;
  /** Corruptions per base chunk for the randomised families (bit flips, random bytes). */
  readonly trials: number;
}

function baseChunks(codec: CodecStage, dtype: DType, params: JsonObject, shapes: readonly FrameShape[], seed: number): BaseChunk[] {
  return shapes.map((shape) => {
    const c: FrameCase = { dtype, shape, pattern: 'eiger-sparse', seed: caseSeed(seed, dtype, shape, 'eiger-sparse') };
    const label = caseLabel(c, params);
    return { bytes: copyBytes(encodeChecked(codec, casePixels(c), { shape, dtype }, params, label)), info: { shape, dtype }, label };
  });
}

type Verdict = 'must-fail' | 'may-succeed';

/** Decodes one corrupted chunk and fails the check unless the outcome is allowed. */
function judge(codec: CodecStage, bytes: Uint8Array, base: BaseChunk, params: JsonObject, what: string, verdict: Verdict, hangMs: number): DecodeOutcome {
  const outcome = attemptDecode(codec, bytes, base.info, params, { hangMs, checkInputUnchanged: true });
  const where = `${what} of the chunk for ${base.label}; input ${hexPreview(bytes)}`;
  if (outcome.kind === 'failure') fail(`${outcome.problem} — ${where}`, outcome.error);
  if (outcome.kind === 'ok' && verdict === 'must-fail') fail(`decode accepted ${where} and returned pixels; it must throw BEAMSTACK_E_DECODE`);
  return outcome;
}

/** Cut positions: every one for small chunks, else the header region densely and the rest spread out. */
function cutPositions(length: number): number[] {
  if (length <= 400) return Array.from({ length }, (_, i) => i);
  const cuts = new Set<number>();
  for (let i = 0; i < 64; i++) cuts.add(i);
  for (let k = 0; k < 200; k++) cuts.add(64 + Math.floor(((length - 65) * k) / 199));
  for (let i = 1; i <= 8; i++) cuts.add(length - i);
  return [...cuts].filter((c) => c >= 0 && c < length).sort((a, b) => a - b);
}

function writeUint(bytes: Uint8Array, offset: number, width: 4 | 8, value: bigint, littleEndian: boolean): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 4) view.setUint32(offset, Number(value & 0xffffffffn), littleEndian);
  else view.setBigUint64(offset, value, littleEndian);
}

const HUGE_VALUES: readonly bigint[] = [0xffffffffn, 0x7fffffffn, 0x80000000n, 0x10000000n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0x100000000n];

/**
 * Hostile chunks for one dtype: empty, truncated, bit-flipped, random, with huge values written
 * over every early field, with trailing bytes, and for a frame of another size. Each must give
 * BEAMSTACK_E_DECODE naming the codec (or, where the corruption may leave a valid chunk, pixels
 * of exactly the frame's size) — never another exception, never a hang.
 */
export function hostileChecks(codec: CodecStage, dtype: DType, params: JsonObject, shapes: readonly FrameShape[], settings: HostileSettings): ConformanceCheck[] {
  const { hangMs, trials } = settings;
  const seedFor = (family: string): number => mixSeed(settings.seed, hashString(family), hashString(dtype));
  const bases = (): BaseChunk[] => baseChunks(codec, dtype, params, shapes, settings.seed);
  const suffix = `${dtype}, params ${JSON.stringify(params)}`;
  return [
    {
      name: `hostile input: empty chunk is a DECODE error: ${suffix}`,
      run() {
        for (const base of bases()) judge(codec, new Uint8Array(0), base, params, 'an empty chunk instead', 'must-fail', hangMs);
      },
    },
    {
      name: `hostile input: truncated chunks are DECODE errors: ${suffix}`,
      run() {
        for (const base of bases()) {
          for (const cut of cutPositions(base.bytes.length)) judge(codec, copyBytes(base.bytes.subarray(0, cut)), base, params, `the first ${cut} of ${base.bytes.length} bytes`, 'must-fail', hangMs);
        }
      },
    },
    {
      name: `hostile input: bit flips give DECODE errors or full frames: ${suffix}`,
      run() {
        const rng = new SeededRandom(seedFor('flip'));
        for (const base of bases()) {
          const length = base.bytes.length;
          // Every bit of the first 16 bytes (headers), then random bits and multi-bit flips.
          for (let bit = 0; bit < Math.min(length, 16) * 8; bit++) {
            const bytes = copyBytes(base.bytes);
            bytes[bit >> 3]! ^= 1 << (bit & 7);
            judge(codec, bytes, base, params, `bit ${bit} flipped`, 'may-succeed', hangMs);
          }
          for (let t = 0; t < trials; t++) {
            const bytes = copyBytes(base.bytes);
            const flips = rng.range(1, 4);
            const at: number[] = [];
            for (let k = 0; k < flips; k++) {
              const bit = rng.int(length * 8);
              at.push(bit);
              bytes[bit >> 3]! ^= 1 << (bit & 7);
            }
            judge(codec, bytes, base, params, `bits ${at.join(',')} flipped`, 'may-succeed', hangMs);
          }
        }
      },
    },
    {
      name: `hostile input: random bytes give DECODE errors or full frames: ${suffix}`,
      run() {
        const rng = new SeededRandom(seedFor('random'));
        for (const base of bases()) {
          const raw = base.info.shape[0] * base.info.shape[1] * (dtype.endsWith('32') ? 4 : dtype.endsWith('16') ? 2 : 1);
          const lengths = [1, 2, 3, 4, 7, 8, 11, 12, 15, 16, 31, base.bytes.length, raw, raw + 1, raw * 2];
          for (let t = 0; t < trials; t++) lengths.push(rng.int(raw * 2 + 32));
          for (const length of lengths) judge(codec, rng.bytes(length), base, params, `${length} random bytes instead`, 'may-succeed', hangMs);
        }
      },
    },
    {
      name: `hostile input: huge values in length fields give DECODE errors or full frames: ${suffix}`,
      run() {
        for (const base of bases()) {
          const length = base.bytes.length;
          for (let offset = 0; offset <= Math.min(length, 48); offset++) {
            for (const width of [4, 8] as const) {
              if (offset + width > length) continue;
              for (const value of HUGE_VALUES) {
                if (width === 4 && value > 0xffffffffn) continue;
                for (const littleEndian of [false, true]) {
                  const bytes = copyBytes(base.bytes);
                  writeUint(bytes, offset, width, value, littleEndian);
                  judge(codec, bytes, base, params, `0x${value.toString(16)} written as a ${width * 8}-bit ${littleEndian ? 'LE' : 'BE'} value at byte ${offset}`, 'may-succeed', hangMs);
                }
              }
            }
          }
        }
      },
    },
    {
      name: `hostile input: trailing bytes give DECODE errors or full frames: ${suffix}`,
      run() {
        const rng = new SeededRandom(seedFor('extend'));
        for (const base of bases()) {
          for (const extra of [1, 3, 8, 64, base.bytes.length]) {
            const bytes = new Uint8Array(base.bytes.length + extra);
            bytes.set(base.bytes);
            bytes.set(rng.bytes(extra), base.bytes.length);
            judge(codec, bytes, base, params, `${extra} bytes appended`, 'may-succeed', hangMs);
          }
        }
      },
    },
    {
      name: `hostile input: a chunk of another frame size is a DECODE error: ${suffix}`,
      run() {
        for (const base of bases()) {
          const [h, w] = base.info.shape;
          for (const shape of [[h, w + 1], [h + 1, w], [h * 2, w]] as const) {
            const other: BaseChunk = { ...base, info: { shape, dtype } };
            judge(codec, base.bytes, other, params, `decoding as ${shape[0]}x${shape[1]} the chunk`, 'must-fail', hangMs);
          }
        }
      },
    },
  ];
}
