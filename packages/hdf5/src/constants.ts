/** Byte width of file addresses and lengths ("size of offsets/lengths" in the superblock). */
export const OFFSET_SIZE = 8;

/** The undefined address (all bits set). */
export const UNDEFINED_ADDRESS = 0xffff_ffff_ffff_ffffn;

/** HDF5's marker for an unlimited maximum dimension. */
export const UNLIMITED = 0xffff_ffff_ffff_ffffn;

export const SUPERBLOCK_SIZE = 48;

export const SIGNATURE = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Object header message types used by this writer. */
export const MessageType = {
  DATASPACE: 0x01,
  LINK_INFO: 0x02,
  DATATYPE: 0x03,
  FILL_VALUE: 0x05,
  LINK: 0x06,
  LAYOUT: 0x08,
  GROUP_INFO: 0x0a,
  FILTER_PIPELINE: 0x0b,
  ATTRIBUTE: 0x0c,
  ATTRIBUTE_INFO: 0x15,
} as const;

/** Message flag bit 0: the message is constant (what the library sets on types and fill values). */
export const MSG_CONSTANT = 0x01;

/**
 * Half the maximum number of children of a version-1 B-tree node for chunk indexes. The
 * superblock v2 has no field for it, so every reader uses HDF5's default of 32 (64 entries).
 */
export const CHUNK_BTREE_K = 32;

/** Largest payload of one object header message (its size field has 2 bytes). */
export const MAX_MESSAGE_SIZE = 0xffff;
