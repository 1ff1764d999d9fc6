/**
 * Sane maxima for values read from the file. Every count, size and depth in an HDF5 file is
 * attacker-controlled; these bound loops, recursion and allocations well above anything a real
 * file needs, so a corrupt file fails with an error instead of hanging or exhausting memory.
 */
export const Limits = {
  /** One metadata structure read in one piece (object header chunk, heap block, B-tree node). */
  metadataBlock: 64 * 1024 * 1024,
  /** Object header chunks followed for one object (continuation messages). */
  headerChunks: 4096,
  /** Messages in one object header. */
  headerMessages: 65536,
  /** Dataset rank (HDF5's own limit is 32). */
  rank: 32,
  /** Datatype nesting (array of compound of ...). */
  datatypeDepth: 16,
  /** Link traversals (soft links) while resolving one path; HDF5's default limit is 16. */
  linkDepth: 32,
  /** Files opened through chains of external links. */
  externalDepth: 8,
  /** Levels of a B-tree (v1 or v2) or of fractal-heap indirect blocks. */
  treeDepth: 64,
  /** Nodes visited while walking one index. */
  treeNodes: 1 << 22,
  /** Links in one group / attributes on one object. */
  groupMembers: 1 << 22,
  /** Chunks indexed for one dataset. */
  chunks: 1 << 24,
  /** One stored chunk (HDF5 itself caps chunks at 4 GiB). */
  chunkBytes: 0xffff_ffff,
  /**
   * Bytes `read()` assembles in memory (meant for metadata-sized datasets): always up to
   * `valueBytesFloor`, beyond that up to `valueBytesPerFileByte` times the file size (a tiny
   * file describing a huge all-fill dataset is more likely hostile than useful), never more
   * than `valueBytes`.
   */
  valueBytes: 512 * 1024 * 1024,
  valueBytesFloor: 32 * 1024 * 1024,
  valueBytesPerFileByte: 64,
  /** Elements of one attribute or `read()` value. */
  valueElements: 1 << 27,
  /** Source mappings of one virtual dataset. */
  virtualMappings: 1 << 20,
} as const;
