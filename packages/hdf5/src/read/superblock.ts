import type { Cursor } from './cursor.js';
import { SIGNATURE } from '../constants.js';
import { malformed } from './errors.js';
import type { H5File } from './file.js';
import { SharedMessageTable } from './shared-messages.js';

export interface Superblock {
  readonly version: number;
  /** Physical offset of the signature (non-zero with a user block). */
  readonly offset: number;
  readonly base: number;
  readonly offsetSize: number;
  readonly lengthSize: number;
  /** End-of-file address (relative to the base address). */
  readonly endOfFile: number | null;
  /** Object header address of the root group. */
  readonly rootAddress: number;
  /** Superblock extension (versions 2 and 3), an object header with file-wide messages. */
  readonly extension: number | null;
}

/** The longest superblock (version 0/1 with 8-byte fields: 56 + 4 addresses + a 40-byte entry). */
const MAX_SUPERBLOCK = 8 + 16 + 4 + 4 * 8 + 40 + 8;

/**
 * Finds and decodes the superblock. The signature may sit at 0, 512, 1024, 2048, ... (after a
 * user block). Versions 0 and 1 hold the root group's symbol table entry; 2 and 3 hold the root
 * object header address and a checksum.
 */
export async function readSuperblock(file: H5File): Promise<Superblock> {
  const offset = await findSignature(file);
  const head = await file.readPhysical(offset, Math.min(MAX_SUPERBLOCK, file.size - offset), 'superblock');
  const c: Cursor = file.cursor(head, 'superblock', SIGNATURE.length);
  const version = c.u8();
  if (version > 3) c.fail(`unsupported superblock version ${version}`);

  if (version >= 2) {
    const offsetSize = c.u8();
    const lengthSize = c.u8();
    checkWidths(file, offsetSize, lengthSize);
    file.widths = { offsetSize, lengthSize };
    c.u8(); // consistency flags
    const wc: Cursor = file.cursor(head, 'superblock', c.pos);
    const base = wc.address() ?? 0;
    const extension = wc.address();
    const endOfFile = wc.address();
    const root = wc.address();
    file.verifyChecksum(head, 0, wc.pos, 'superblock');
    return finish(file, { version, offset, base, offsetSize, lengthSize, endOfFile, rootAddress: root, extension });
  }

  c.u8(); // free-space version
  c.u8(); // root group symbol table entry version
  c.u8();
  c.u8(); // shared header message version
  const offsetSize = c.u8();
  const lengthSize = c.u8();
  checkWidths(file, offsetSize, lengthSize);
  file.widths = { offsetSize, lengthSize };
  c.u8();
  c.u16(); // group leaf node K
  c.u16(); // group internal node K
  c.u32(); // consistency flags
  if (version === 1) c.skip(4); // indexed storage K + reserved
  const wc: Cursor = file.cursor(head, 'superblock', c.pos);
  const base = wc.address() ?? 0;
  wc.address(); // free-space info
  const endOfFile = wc.address();
  wc.address(); // driver information block
  // Root group symbol table entry: link name offset, object header address, cache type, scratch.
  wc.address();
  const root = wc.address();
  return finish(file, { version, offset, base, offsetSize, lengthSize, endOfFile, rootAddress: root, extension: null });
}

interface RawSuperblock extends Omit<Superblock, 'rootAddress'> {
  readonly rootAddress: number | null;
}

function finish(file: H5File, sb: RawSuperblock): Superblock {
  if (sb.rootAddress === null) throw malformed(file, 'superblock has no root group address');
  if (!Number.isSafeInteger(sb.base) || sb.base < 0 || sb.base > file.size) {
    throw malformed(file, `superblock base address ${sb.base} lies outside the file`);
  }
  file.base = sb.base;
  // HDF5 1.10 stores the end-of-file address as the physical size even with a user block, so
  // only a value beyond the physical size proves truncation.
  if (sb.endOfFile !== null && sb.endOfFile > file.size) {
    throw malformed(file, `file is truncated: the superblock records ${sb.endOfFile} bytes, the file has ${file.size}`);
  }
  file.physical(sb.rootAddress, 1, 'root group object header');
  file.sharedMessages = new SharedMessageTable(file, sb.extension);
  return { ...sb, rootAddress: sb.rootAddress };
}

function checkWidths(file: H5File, offsetSize: number, lengthSize: number): void {
  const ok = (w: number): boolean => w === 2 || w === 4 || w === 8;
  if (!ok(offsetSize) || !ok(lengthSize)) {
    throw malformed(file, `unsupported address/length sizes ${offsetSize}/${lengthSize} in superblock`);
  }
}

async function findSignature(file: H5File): Promise<number> {
  for (let at = 0; at + SIGNATURE.length <= file.size; at = at === 0 ? 512 : at * 2) {
    const probe = await file.readPhysical(at, SIGNATURE.length, 'file signature');
    if (probe.every((b, i) => b === SIGNATURE[i])) return at;
  }
  throw malformed(file, 'not an HDF5 file (no HDF5 signature found)');
}
