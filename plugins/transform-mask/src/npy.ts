import { BeamstackError, ErrorCodes } from '@beamstack/contract';

/** Element types a mask file may hold; nonzero means masked. */
const TYPES: Readonly<Record<string, { size: 1 | 2 | 4 | 8 }>> = {
  b1: { size: 1 },
  u1: { size: 1 },
  i1: { size: 1 },
  u2: { size: 2 },
  i2: { size: 2 },
  u4: { size: 4 },
  i4: { size: 4 },
  u8: { size: 8 },
  i8: { size: 8 },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAX_HEADER = 1 << 20;

export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

export interface NpyMask {
  readonly shape: readonly number[];
  /** 1 where the file's value is nonzero, row-major (C order) whatever the file's order. */
  readonly masked: Uint8Array;
}

/**
 * Reads a 2-D NumPy .npy array (format 1.0, 2.0 or 3.0) of booleans or integers as a mask.
 * Every field is checked before use: the header length, the dict, the shape against the bytes
 * that are really there.
 */
export function parseNpyMask(bytes: Uint8Array, file: string, option = 'file'): NpyMask {
  const fail = (why: string): never => {
    throw new BeamstackError(ErrorCodes.OPTIONS, `mask file ${file}: ${why}`, { option, file });
  };
  if (!isNpy(bytes) || bytes.length < 10) fail('is not a NumPy .npy file');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('ends inside its header');
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    return fail(`has .npy format version ${major}.${bytes[7]}, not 1, 2 or 3`);
  }
  if (headerLength > MAX_HEADER || headerStart + headerLength > bytes.length) fail(`header of ${headerLength} bytes does not fit the file`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`header ${JSON.stringify(header.trim())} lacks descr, fortran_order or shape`);
  const order = descr!.slice(0, 1);
  const type = TYPES[descr!.slice(1)];
  if (!type || !['<', '>', '|', '='].includes(order)) fail(`holds '${descr}'; a mask must be bool or integers (b1, u1, i1, u2, i2, u4, i4, u8, i8)`);
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (/^\d{1,10}$/.test(s) ? Number(s) : fail(`shape (${shapeText}) is not a list of sizes`)));
  if (shape.length !== 2) fail(`has shape (${shape.join(', ')}); a mask is 2-D (height, width)`);
  const [rows, cols] = shape as [number, number];
  const count = rows * cols;
  const dataStart = headerStart + headerLength;
  const needed = count * type!.size;
  if (bytes.length - dataStart !== needed) fail(`holds ${bytes.length - dataStart} data bytes; shape (${rows}, ${cols}) of '${descr}' needs ${needed}`);
  const masked = nonzero(bytes.subarray(dataStart), type!.size, count);
  return { shape, masked: fortran === 'True' ? transpose(masked, rows, cols) : masked };
}

/** 1 where an element of `size` bytes is not all zero bytes (any byte order, any signedness). */
function nonzero(data: Uint8Array, size: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  if (size === 1) {
    for (let i = 0; i < count; i++) out[i] = data[i] !== 0 ? 1 : 0;
    return out;
  }
  for (let i = 0, p = 0; i < count; i++, p += size) {
    let any = 0;
    for (let k = 0; k < size; k++) any |= data[p + k]!;
    out[i] = any !== 0 ? 1 : 0;
  }
  return out;
}

/** Column-major (Fortran) rows × cols → row-major. */
function transpose(columnMajor: Uint8Array, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) out[r * cols + c] = columnMajor[c * rows + r]!;
  return out;
}
