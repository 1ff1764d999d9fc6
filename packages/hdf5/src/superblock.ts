import { ByteWriter } from './bytes.js';
import { SIGNATURE, SUPERBLOCK_SIZE, UNDEFINED_ADDRESS } from './constants.js';
import { lookup3 } from './lookup3.js';

/**
 * Superblock version 2 (what DECTRIS Eiger2 files carry): 8-byte offsets and lengths, base
 * address 0, no superblock extension, end-of-file address, root object header address, checksum.
 */
export function encodeSuperblock(rootAddress: number, endOfFile: number): Uint8Array {
  const w = new ByteWriter(SUPERBLOCK_SIZE);
  w.bytes(SIGNATURE).u8(2).u8(8).u8(8).u8(0);
  w.u64(0).u64big(UNDEFINED_ADDRESS).u64(endOfFile).u64(rootAddress);
  w.u32(lookup3(w.view8()));
  return w.view8().slice();
}
