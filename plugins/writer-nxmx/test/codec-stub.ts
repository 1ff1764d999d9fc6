import {
  BeamstackError,
  ErrorCodes,
  defineCodec,
  pixelBytes,
  pixelsFromBytes,
  type Hdf5Filter,
} from '@beamstack/contract';

/**
 * A test-only codec producing valid HDF5 LZ4 (filter 32004) chunks whose blocks are all stored
 * raw (FORMATS §4: a block whose length equals its size is copied), so the real filter decodes
 * them without any LZ4 encoder.
 */
export function storedLz4(raw: Uint8Array, blockSize = 8192): Uint8Array {
  const block = Math.min(blockSize, raw.length);
  const blocks = Math.ceil(raw.length / block);
  const out = new Uint8Array(12 + 4 * blocks + raw.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(raw.length));
  view.setUint32(8, block);
  let pos = 12;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * block, Math.min(raw.length, (b + 1) * block));
    view.setUint32(pos, part.length);
    out.set(part, pos + 4);
    pos += 4 + part.length;
  }
  return out;
}

const LZ4_FILTERS: readonly Hdf5Filter[] = [{ id: 32004, flags: 0, cdValues: [] }];

export const lz4RawTest = defineCodec({
  id: 'lz4-raw-test',
  description: 'test-only stored LZ4 (32004) chunks',
  options: { type: 'object', properties: {} },
  dtypes: ['uint8', 'uint16', 'uint32', 'int8', 'int16', 'int32'],
  hdf5: {
    filters: () => LZ4_FILTERS,
    paramsFromFilters: (filters) => (filters.length === 1 && filters[0]!.id === 32004 ? {} : null),
  },
  encode: (pixels) => storedLz4(pixelBytes(pixels)),
  decode: (bytes, info) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const total = Number(view.getBigUint64(0));
    const out = new Uint8Array(total);
    let pos = 12;
    let at = 0;
    while (at < total) {
      const c = view.getUint32(pos);
      out.set(bytes.subarray(pos + 4, pos + 4 + c), at);
      at += c;
      pos += 4 + c;
    }
    if (pos !== bytes.length) throw new BeamstackError(ErrorCodes.DECODE, 'trailing bytes', { codec: 'lz4-raw-test' });
    return pixelsFromBytes(info.dtype, out);
  },
});
