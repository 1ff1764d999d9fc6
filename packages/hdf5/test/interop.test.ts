import { run } from '@beamstack/testkit';
import { deflateSync } from 'node:zlib';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hdf5File, array, f32, f64, i8, i16, i32, i64, str, u8, u16, u32, u64 } from '../src/index.js';
import { bytesOf, sha256, shuffle, storedLz4Chunk, tempDir, runScript } from './helpers.js';
import { describeInterop } from '@beamstack/testkit/vitest';

interface AttrInfo {
  dtype: string;
  shape: number[];
  type: { class: number; size: number; strpad?: string; cset?: string; variable?: boolean };
  value: unknown;
}
interface ObjInfo {
  kind: string;
  attrs?: Record<string, AttrInfo>;
  dtype?: string;
  shape?: number[];
  maxshape?: number[] | null;
  chunks?: number[] | null;
  layout?: string;
  type?: AttrInfo['type'];
  value?: unknown;
  sha256?: string;
  fillvalue?: unknown;
  filters?: { id: number; flags: number; cd: number[] }[];
  stored_chunks?: { offset: number[]; mask: number; size: number; sha256: string }[];
  frames_sha256?: string[];
  target?: string;
  file?: string;
  virtual_sources?: { file: string; dataset: string }[];
}
type Described = Record<string, ObjInfo>;

const dir = tempDir('interop');

describeInterop('files read by h5py and the HDF5 tools', ['h5py', 'hdf5plugin'], () => {
  it('stores groups, attributes, scalar and array datasets with the right types and dataspaces', async () => {
    const path = join(dir, 'types.h5');
    const f = await Hdf5File.create(path);
    f.root.attr('default', 'entry');
    f.group('/entry', { NX_class: 'NXentry' });
    f.dataset('/entry/definition', str('NXmx'));
    f.dataset('/entry/name', str('Ångström sample'));
    f.dataset('/entry/pixel', f32(75e-6), { units: 'm' });
    f.dataset('/entry/omega', f64([0, 0.1, 0.2]), {
      units: 'deg',
      vector: [-1, 0, 0],
      depends_on: '.',
    });
    const mask = new Uint32Array(6 * 7).map((_, i) => (i % 5 === 0 ? 1 : 0));
    f.dataset('/entry/mask', { dtype: 'uint32', shape: [6, 7], data: mask });
    const ints = f.group('/entry/ints');
    ints.attrs({ a_u8: u8(255), a_u16: u16(65535), a_u32: u32(4294967295), a_u64: u64(2n ** 64n - 1n) });
    ints.attrs({ a_i8: i8(-128), a_i16: i16(-32768), a_i32: i32(-2147483648), a_i64: i64(-(2n ** 63n)) });
    ints.attrs({ vec_i32: i32([1, -2, 3]), names: str(['x', 'yz']), grid: array('uint16', [2, 2], [1, 2, 3, 4]) });
    f.dataset('/entry/ints/big', u64(2n ** 63n + 5n));
    f.dataset('/entry/empty', u32([]));
    f.setAttr('/entry/pixel', 'units', 'metre'); // replaced after creation
    await f.close();

    const d = runScript<Described>('describe.py', [path]);
    expect(d['/']!.attrs!['default']!.value).toBe('entry');
    const nxClass = d['/entry']!.attrs!['NX_class']!;
    expect(nxClass.shape).toEqual([]);
    expect(nxClass.type).toMatchObject({ class: 3, size: 8, strpad: 'nullterm', cset: 'ascii', variable: false });
    expect(d['/entry/definition']).toMatchObject({ layout: 'contiguous', shape: [], value: 'NXmx', type: { size: 5 } });
    expect(d['/entry/name']).toMatchObject({ value: 'Ångström sample', type: { cset: 'utf8' } });
    expect(d['/entry/pixel']!.dtype).toBe('float32');
    expect(d['/entry/pixel']!.shape).toEqual([]);
    expect(d['/entry/pixel']!.value).toBeCloseTo(75e-6, 10);
    expect(d['/entry/pixel']!.attrs!['units']!.value).toBe('metre');
    expect(d['/entry/omega']).toMatchObject({ dtype: 'float64', shape: [3], value: [0, 0.1, 0.2] });
    expect(d['/entry/omega']!.attrs!['vector']).toMatchObject({ dtype: 'float64', shape: [3], value: [-1, 0, 0] });
    expect(d['/entry/omega']!.attrs!['depends_on']).toMatchObject({ shape: [], value: '.' });
    expect(d['/entry/mask']).toMatchObject({ dtype: 'uint32', shape: [6, 7], layout: 'contiguous', chunks: null });
    expect((d['/entry/mask']!.value as number[][]).flat()).toEqual([...mask]);
    const a = d['/entry/ints']!.attrs!;
    expect(a['a_u8']).toMatchObject({ dtype: 'uint8', value: 255 });
    expect(a['a_u16']).toMatchObject({ dtype: 'uint16', value: 65535 });
    expect(a['a_u32']).toMatchObject({ dtype: 'uint32', value: 4294967295 });
    expect(a['a_u64']).toMatchObject({ dtype: 'uint64', value: 18446744073709551615 });
    expect(a['a_i8']).toMatchObject({ dtype: 'int8', value: -128 });
    expect(a['a_i16']).toMatchObject({ dtype: 'int16', value: -32768 });
    expect(a['a_i32']).toMatchObject({ dtype: 'int32', value: -2147483648 });
    expect(a['a_i64']).toMatchObject({ dtype: 'int64', value: -9223372036854775808 });
    expect(a['vec_i32']).toMatchObject({ shape: [3], value: [1, -2, 3] });
    expect(a['names']).toMatchObject({ shape: [2], value: ['x', 'yz'], type: { size: 3 } });
    expect(a['grid']).toMatchObject({ dtype: 'uint16', shape: [2, 2], value: [[1, 2], [3, 4]] });
    expect(d['/entry/ints/big']!.dtype).toBe('uint64');
    expect(d['/entry/empty']).toMatchObject({ shape: [0], dtype: 'uint32' });

    for (const [tool, args] of [
      ['h5dump', ['-H', path]],
      ['h5dump', [path]],
      ['h5ls', ['-r', path]],
      ['h5stat', [path]],
    ] as const) {
      const r = run(tool, args);
      expect(r.status, `${tool} ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // The superblock's end-of-file address is the file size.
    const head = readFileSync(path).subarray(0, 48);
    expect(Number(new DataView(head.buffer, head.byteOffset).getBigUint64(28, true))).toBe(statSync(path).size);
    expect(head[8]).toBe(2);
  });

  it('stores direct chunks byte for byte with their filter pipeline (LZ4 32004, shuffle + deflate)', async () => {
    const path = join(dir, 'filters.h5');
    const H = 16;
    const W = 33;
    const frames = [0, 1, 2].map((k) => new Uint16Array(H * W).map((_, i) => (i * 7 + k * 1000) % 65536));
    const f = await Hdf5File.create(path);
    const lz4 = f.chunkedDataset('/lz4', {
      dtype: 'uint16',
      frameShape: [H, W],
      filters: [{ id: 32004, flags: 0, cdValues: [] }],
      fillValue: 0xffff,
    });
    const lz4Chunks = frames.map((fr) => storedLz4Chunk(bytesOf(fr), 256));
    for (let i = 0; i < 3; i++) await lz4.writeChunk(i, lz4Chunks[i]!);

    const deflate = f.chunkedDataset('/deflate', {
      dtype: 'uint16',
      frameShape: [H, W],
      filters: [
        { id: 2, flags: 1, cdValues: [2] },
        { id: 1, flags: 1, cdValues: [1] },
      ],
    });
    const shuffled = frames.map((fr) => shuffle(bytesOf(fr), 2));
    const deflated = shuffled.map((s) => new Uint8Array(deflateSync(s, { level: 1 })));
    await deflate.writeChunk(0, deflated[0]!);
    await deflate.writeChunk(1, shuffled[1]!, 0b10); // deflate skipped for this chunk
    await deflate.writeChunk(2, deflated[2]!);

    const bslz4 = f.chunkedDataset('/bslz4', {
      dtype: 'uint32',
      frameShape: [4, 4],
      filters: [{ id: 32008, flags: 0, cdValues: [0, 3, 4, 0, 2], name: 'bitshuffle; see https://github.com/kiyo-masui/bitshuffle' }],
    });
    // The 16 x uint32 worked example of FORMATS §3.5 (a real bslz4 chunk).
    const example = Uint8Array.from(
      Buffer.from(
        '0000000000000040000020000000' +
          '0025a3aa5acc5cf0d0005f00500200' +
          '57e000c00040020048000080000100060e0050000000' +
          '0000',
        'hex',
      ),
    );
    await bslz4.writeChunk(0, example);
    await f.close();

    const d = runScript<Described>('describe.py', [path]);
    const l = d['/lz4']!;
    expect(l).toMatchObject({ shape: [3, H, W], maxshape: [-1, H, W], chunks: [1, H, W], layout: 'chunked', fillvalue: 65535 });
    expect(l.filters).toEqual([{ id: 32004, flags: 0, cd: [] }]);
    expect(l.stored_chunks!.map((c) => c.sha256)).toEqual(lz4Chunks.map(sha256));
    expect(l.frames_sha256).toEqual(frames.map((fr) => sha256(bytesOf(fr))));

    const df = d['/deflate']!;
    expect(df.filters).toEqual([
      { id: 2, flags: 1, cd: [2] },
      { id: 1, flags: 1, cd: [1] },
    ]);
    expect(df.stored_chunks!.map((c) => c.mask)).toEqual([0, 2, 0]);
    expect(df.stored_chunks!.map((c) => c.sha256)).toEqual([sha256(deflated[0]!), sha256(shuffled[1]!), sha256(deflated[2]!)]);
    expect(df.frames_sha256).toEqual(frames.map((fr) => sha256(bytesOf(fr))));

    const bs = d['/bslz4']!;
    expect(bs.filters).toEqual([{ id: 32008, flags: 0, cd: [0, 3, 4, 0, 2] }]);
    const values = new Uint32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255, 256, 65535, 0x01020304]);
    expect(bs.frames_sha256).toEqual([sha256(bytesOf(values))]);
    expect(run('h5dump', ['-p', '-H', path]).status).toBe(0);
  });

  it('keeps working when the HDF5 library itself modifies the file afterwards (r+)', async () => {
    const path = join(dir, 'modify.h5');
    const f = await Hdf5File.create(path);
    f.group('/entry', { NX_class: 'NXentry' });
    const ds = f.chunkedDataset('/entry/data', { dtype: 'uint8', frameShape: [2, 2] });
    await ds.writeChunk(0, new Uint8Array([1, 2, 3, 4]));
    await f.close();
    const script = [
      'import h5py, numpy, sys',
      'f = h5py.File(sys.argv[1], "r+")',
      '[f["entry"].create_group(f"g{i}") for i in range(20)]',
      'd = f["entry/data"]; d.resize((2, 2, 2)); d[1] = numpy.full((2, 2), 9, "u1")',
      'f["entry"].attrs["added"] = 1',
      'f.close()',
      'f = h5py.File(sys.argv[1], "r")',
      'print(len(f["entry"]), f["entry/data"][:].ravel().tolist())',
    ].join('\n');
    const r = run('/usr/bin/python3', ['-c', script, path]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('21 [1, 2, 3, 4, 9, 9, 9, 9]');
  });
});
