"""HDF5 files for the reader tests, written by h5py (HDF5 1.10) into DIR.

Usage: read_fixtures.py DIR [--large]  -> prints {"files": {name: path}} as JSON.

Covers: superblocks 0/1/2/3 and user blocks; old-style, compact and dense groups; hard, soft,
dangling soft and external links (also across folders); attributes of the common types in
compact and dense storage; every chunk index (v1 B-tree, single chunk filtered/unfiltered,
implicit, fixed array plain/paged/partially written, extensible array with several super
blocks (unlimited first or second dimension), v2 B-tree plain/filtered); deflate+shuffle,
bitshuffle-LZ4 (32008), LZ4 (32004); a chunk with a non-zero filter mask; compact,
contiguous and virtual layouts; variable-length strings. --large adds an extensible array
with paged data blocks (~140k chunks).
"""
import ctypes
import json
import os
import sys

import h5py
import hdf5plugin
import numpy as np

out_dir = sys.argv[1]
large = '--large' in sys.argv
os.makedirs(os.path.join(out_dir, 'sub'), exist_ok=True)
files = {}
rng = np.random.default_rng(7)
hdf5 = ctypes.CDLL('libhdf5_serial.so.103')


def path(name):
    p = os.path.join(out_dir, name)
    files[name] = p
    return p


def attrs_every_type(obj, prefix=''):
    a = obj.attrs
    a[prefix + 'i8'] = np.int8(-5)
    a[prefix + 'u8'] = np.uint8(250)
    a[prefix + 'i16'] = np.int16(-30000)
    a[prefix + 'u16'] = np.uint16(65000)
    a[prefix + 'i32'] = np.int32(-2_000_000_000)
    a[prefix + 'u32'] = np.uint32(4_000_000_000)
    a[prefix + 'i64'] = np.int64(-(2**62))
    a[prefix + 'u64'] = np.uint64(2**64 - 1)
    a[prefix + 'f16'] = np.float16(1.5)
    a[prefix + 'f32'] = np.float32(3.25)
    a[prefix + 'f64'] = np.float64(-1e300)
    a[prefix + 'f64_be'] = np.array(2.5, dtype='>f8')
    a[prefix + 'i32_be_vec'] = np.array([1, -2, 3], dtype='>i4')
    a[prefix + 'vec_f64'] = np.array([0.0, 0.1, 0.2])
    a[prefix + 'grid_u16'] = np.arange(12, dtype=np.uint16).reshape(3, 4)
    a[prefix + 'bool'] = True
    a[prefix + 'fixed_str'] = np.bytes_(b'NXentry')
    a[prefix + 'fixed_str_arr'] = np.array([b'x', b'yz', b'abc'], dtype='S3')
    a.create(prefix + 'space_padded', np.bytes_(b'ab  '), dtype=h5py.string_dtype('ascii', 6))
    a[prefix + 'vlen_str'] = 'Ångström ✓'
    a[prefix + 'vlen_str_arr'] = ['alpha', '', 'γάμμα']
    a[prefix + 'vlen_ascii'] = np.array(b'plain', dtype=h5py.string_dtype('ascii'))
    a[prefix + 'compound'] = np.array((1, 2.0), dtype=[('a', 'i4'), ('b', 'f8')])
    a[prefix + 'empty'] = h5py.Empty('f4')
    a.create(prefix + 'array_type', np.arange(6, dtype='i2').reshape(2, 3), dtype=np.dtype(('i2', (3,))))


def frames_datasets(f):
    g = f.require_group('entry/data')
    frames = rng.integers(0, 50, size=(3, 64, 96), dtype=np.uint32)
    g.create_dataset('bslz4', data=frames, chunks=(1, 64, 96), maxshape=(None, 64, 96),
                     **hdf5plugin.Bitshuffle(nelems=0, cname='lz4'))
    g.create_dataset('lz4', data=frames.astype(np.uint16), chunks=(1, 64, 96), maxshape=(None, 64, 96),
                     **hdf5plugin.LZ4())
    g.create_dataset('deflate_shuffle', data=frames.astype(np.uint16), chunks=(1, 64, 96), maxshape=(None, 64, 96),
                     compression='gzip', compression_opts=4, shuffle=True, fillvalue=7)
    g['bslz4'].attrs['image_nr_low'] = np.uint64(1)
    g['bslz4'].attrs['image_nr_high'] = np.uint64(3)
    # Optional deflate on incompressible bytes: HDF5 stores chunk 1 unfiltered (filter mask 1).
    mixed = np.zeros((2, 4096), dtype=np.uint8)
    mixed[1] = rng.integers(0, 256, size=4096, dtype=np.uint8)
    masked = g.create_dataset('masked', data=mixed, chunks=(1, 4096), maxshape=(None, 4096), compression='gzip',
                              compression_opts=9)
    store_unfiltered(masked, (1, 0), mixed[1], 0b1)


def store_unfiltered(ds, offset, raw, mask):
    """A chunk stored as if its filters had been skipped (HDF5 1.10 never skips deflate on its own)."""
    ds.id.write_direct_chunk(offset, np.ascontiguousarray(raw).tobytes(), filter_mask=mask)


def common_content(f, dense_links=40):
    attrs_every_type(f['/'])
    g = f.create_group('many')
    for i in range(dense_links):
        g.create_dataset(f'item_{i:04d}', data=np.int32(i))
    g['soft'] = h5py.SoftLink('/many/item_0003')
    g['dangling'] = h5py.SoftLink('/nowhere/at_all')
    g['relative'] = h5py.SoftLink('item_0004')
    # An external link turns an old-style group into a new-style one, so it lives apart.
    e = f.create_group('links')
    e['ext'] = h5py.ExternalLink('sub/target.h5', '/data/stack')
    e['ext_group'] = h5py.ExternalLink('sub/target.h5', '/data')
    e['ext_missing_file'] = h5py.ExternalLink('sub/no_such_file.h5', '/x')
    e['ext_loop'] = h5py.ExternalLink('sub/target.h5', '/loop')
    e['soft_to_ext'] = h5py.SoftLink('/links/ext')
    e['soft_loop_a'] = h5py.SoftLink('/links/soft_loop_b')
    e['soft_loop_b'] = h5py.SoftLink('/links/soft_loop_a')
    f['alias_group'] = h5py.SoftLink('/many')
    v = f.create_group('values')
    v['scalar_f64'] = 2.5
    v['vec_i16'] = np.array([-1, 2, -3], dtype=np.int16)
    v['mat_u32'] = np.arange(35, dtype=np.uint32).reshape(5, 7)
    v['be_u32'] = np.arange(6, dtype='>u4')
    v['f16'] = np.array([1.5, -2.0, 0.25], dtype=np.float16)
    v['fixed_str'] = np.bytes_(b'NXmx')
    v['fixed_str_arr'] = np.array([b'a', b'bcd'], dtype='S4')
    v['vlen_str'] = 'variable ✓'
    v['vlen_str_arr'] = np.array(['one', 'two', 'three'], dtype=h5py.string_dtype())
    with_layout(v, 'compact', np.arange(10, dtype=np.int64), h5py.h5d.COMPACT)
    v.create_dataset('empty_contig', shape=(4,), dtype='f4')
    v.create_dataset('chunked_edges', data=np.arange(7 * 11, dtype=np.float32).reshape(7, 11), chunks=(3, 4),
                     compression='gzip', shuffle=True)
    v.create_dataset('chunked_sparse', shape=(10, 10), dtype='i4', chunks=(5, 5), fillvalue=-1)
    v['chunked_sparse'][0:5, 5:10] = 3
    attrs_every_type(v['mat_u32'], 'ds_')
    frames_datasets(f)


def with_layout(group, name, data, layout):
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(layout)
    space = h5py.h5s.create_simple(data.shape, data.shape)
    dsid = h5py.h5d.create(group.id, name.encode(), h5py.h5t.py_create(data.dtype), space, dcpl=dcpl)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, data)


def make_target():
    with h5py.File(path('sub/target.h5'), 'w', libver='latest') as f:
        f.create_dataset('data/stack', data=np.arange(2 * 4 * 5, dtype=np.uint16).reshape(2, 4, 5), chunks=(1, 4, 5),
                         maxshape=(None, 4, 5))
        f['data'].attrs['note'] = 'target'
        f['back'] = h5py.ExternalLink('../earliest.h5', '/values')
        f['loop'] = h5py.ExternalLink('target.h5', '/loop')


def make_earliest():
    with h5py.File(path('earliest.h5'), 'w', libver='earliest') as f:
        common_content(f, dense_links=600)


def make_latest():
    with h5py.File(path('latest.h5'), 'w', libver='latest') as f:
        common_content(f, dense_links=100)
        latest_content(f)


def latest_content(f):
    if True:
        g = f.create_group('small')
        g['a'] = 1
        g['b'] = h5py.SoftLink('/small/a')
        dense = f.create_group('dense_attrs')
        for i in range(60):
            dense.attrs[f'attr_{i:03d}'] = np.int32(i * 3)
        dense.attrs['vlen'] = 'dense ✓'
        dense.attrs['big'] = np.arange(20000, dtype=np.float64)  # > 64 KiB: a huge heap object
        idx = f.create_group('indexes')
        idx.create_dataset('single', data=np.arange(20, dtype='i4').reshape(4, 5), chunks=(4, 5))
        idx.create_dataset('single_filtered', data=np.arange(20, dtype='i4').reshape(4, 5), chunks=(4, 5),
                           compression='gzip')
        implicit(idx, 'implicit', np.arange(6 * 8, dtype=np.uint16).reshape(6, 8), (2, 4))
        idx.create_dataset('fixed', data=np.arange(100 * 8, dtype=np.int16).reshape(100, 8), chunks=(1, 8))
        ff = idx.create_dataset('fixed_filtered', data=np.arange(50 * 8, dtype=np.int16).reshape(50, 8), chunks=(1, 8),
                                compression='gzip', shuffle=True)
        store_unfiltered(ff, (7, 0), np.arange(8, dtype=np.int16) + 7 * 8, 0b11)
        idx.create_dataset('fixed_paged', data=rng.integers(0, 9, size=(3000, 4), dtype=np.uint8), chunks=(1, 4))
        partial = idx.create_dataset('fixed_paged_partial', shape=(3000, 4), dtype=np.uint8, chunks=(1, 4), fillvalue=9)
        partial[0] = 1
        partial[2500] = 2
        idx.create_dataset('fixed_maxshape', data=np.arange(12, dtype='i4'), chunks=(2,), maxshape=(40,))
        idx.create_dataset('earray', data=np.arange(2500 * 3, dtype=np.int32).reshape(2500, 3), chunks=(1, 3),
                           maxshape=(None, 3))
        ef = idx.create_dataset('earray_filtered', data=(np.arange(2100 * 4) % 7).astype(np.int32).reshape(2100, 4),
                                chunks=(1, 4), maxshape=(None, 4), compression='gzip', shuffle=True)
        store_unfiltered(ef, (1500, 0), (np.arange(1500 * 4, 1501 * 4) % 7).astype(np.int32), 0b11)
        idx.create_dataset('earray_dim1', data=np.arange(3 * 300, dtype=np.int32).reshape(3, 300), chunks=(3, 2),
                           maxshape=(3, None))
        idx.create_dataset('btree2', data=np.arange(20 * 30, dtype=np.float64).reshape(20, 30), chunks=(2, 3),
                           maxshape=(None, None))
        bf = idx.create_dataset('btree2_filtered', data=np.arange(40 * 30, dtype=np.int64).reshape(40, 30), chunks=(2, 3),
                                maxshape=(None, None), compression='gzip')
        store_unfiltered(bf, (2, 3), np.arange(40 * 30, dtype=np.int64).reshape(40, 30)[2:4, 3:6], 0b1)
        layout = h5py.VirtualLayout(shape=(10, 4, 5), dtype=np.uint16)
        layout[0:2] = h5py.VirtualSource('sub/target.h5', '/data/stack', shape=(2, 4, 5))
        layout[3:5] = h5py.VirtualSource('sub/target.h5', '/data/stack', shape=(2, 4, 5))[0:2]
        layout[6:10:2] = h5py.VirtualSource('sub/target.h5', '/data/stack', shape=(2, 4, 5))  # strided: frames 6 and 8
        f.create_virtual_dataset('vds', layout, fillvalue=0)


def implicit(group, name, data, chunks):
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk(chunks)
    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    space = h5py.h5s.create_simple(data.shape, data.shape)
    dsid = h5py.h5d.create(group.id, name.encode(), h5py.h5t.py_create(data.dtype), space, dcpl=dcpl)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, data)


def make_narrow_widths():
    # 4-byte addresses and lengths (H5Pset_sizes): every structure with O/L-sized fields shifts.
    for libver in ('earliest', 'latest'):
        fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
        hdf5.H5Pset_sizes(ctypes.c_int64(fcpl.id), ctypes.c_size_t(4), ctypes.c_size_t(4))
        fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
        low = h5py.h5f.LIBVER_EARLIEST if libver == 'earliest' else h5py.h5f.LIBVER_LATEST
        fapl.set_libver_bounds(low, h5py.h5f.LIBVER_LATEST)
        fid = h5py.h5f.create(path(f'widths4_{libver}.h5').encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
        # HDF5 1.10 itself cannot reopen unlimited dimensions stored in 4 bytes, so all extents are fixed.
        with h5py.File(fid) as f:
            attrs_every_type(f['/'])
            g = f.create_group('many')
            for i in range(30):
                g[f'item_{i:02d}'] = np.int16(i)
            g['soft'] = h5py.SoftLink('item_03')
            f['ext'] = h5py.ExternalLink('sub/target.h5', '/data/stack')
            d = f.create_group('dense_attrs')
            for i in range(30):
                d.attrs[f'a{i:02d}'] = f'v{i}'
            f.create_dataset('chunked', data=np.arange(40 * 6, dtype='<u4').reshape(40, 6), chunks=(1, 6),
                             compression='gzip', shuffle=True)
            f.create_dataset('single', data=np.arange(12, dtype='<f8').reshape(3, 4), chunks=(3, 4))
            f['vlen'] = np.array(['a', 'bc'], dtype=h5py.string_dtype())


def make_paged_earray():
    # Super block 13 onwards has data blocks of 2048 elements > 1024 per page: paged blocks.
    with h5py.File(path('earray_paged.h5'), 'w', libver='latest') as f:
        f.create_dataset('paged', data=(np.arange(140_000) % 251).astype(np.uint8), chunks=(1,), maxshape=(None,))


def make_shared_messages():
    # Shared object header messages (SOHM): datatypes, dataspaces, fill values, pipelines and
    # attributes stored once in a file-wide heap. Not supported by the reader; must not crash it.
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    hdf5.H5Pset_shared_mesg_nindexes(ctypes.c_int64(fcpl.id), ctypes.c_uint(1))
    hdf5.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(0), ctypes.c_uint(0x182a), ctypes.c_uint(1))
    fid = h5py.h5f.create(path('sohm.h5').encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
    with h5py.File(fid) as f:
        for i in range(3):
            f.create_dataset(f'd{i}', data=np.arange(5, dtype='<i4'))
            f[f'd{i}'].attrs['units'] = 'mm'
        f.attrs['plain'] = np.int8(1)


def make_committed_types():
    with h5py.File(path('committed.h5'), 'w', libver='earliest') as f:
        f['vec3'] = np.dtype('<f4')
        f.create_dataset('uses_named', data=np.arange(6, dtype='<f4'), dtype=f['vec3'])
        f['uses_named'].attrs.create('named_attr', np.float32(2.5), dtype=f['vec3'])
        f.attrs.create('named_attr', np.arange(3, dtype='<f4'), dtype=f['vec3'])


def make_superblock1():
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    hdf5.H5Pset_istore_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(4))  # tiny chunk B-tree nodes: several levels
    hdf5.H5Pset_sym_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(2), ctypes.c_uint(2))  # tiny group nodes too
    fid = h5py.h5f.create(path('superblock1.h5').encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
    with h5py.File(fid) as f:
        f.create_dataset('chunks', data=np.arange(50 * 6, dtype=np.uint32).reshape(50, 6), chunks=(1, 6),
                         maxshape=(None, 6), compression='gzip')
        g = f.create_group('names')
        for i in range(30):
            g[f'n{i:02d}'] = np.uint8(i)


def make_userblocks():
    for libver in ('earliest', 'latest'):
        with h5py.File(path(f'userblock_{libver}.h5'), 'w', libver=libver, userblock_size=1024) as f:
            f.create_dataset('x', data=np.arange(10, dtype='f8'), chunks=(4,), maxshape=(None,))
            f.attrs['who'] = 'user block'
        with open(files[f'userblock_{libver}.h5'], 'r+b') as raw:
            raw.write(b'user block content, ignored by HDF5')


def make_superblock2():
    # libver v108 (HDF5 1.8 format): superblock 2, v2 object headers, layout 3 (v1 B-tree chunk index).
    with h5py.File(path('superblock2.h5'), 'w', libver=('v108', 'v108')) as f:
        f.create_dataset('frames', data=np.arange(4 * 8 * 8, dtype=np.uint16).reshape(4, 8, 8), chunks=(1, 8, 8),
                         maxshape=(None, 8, 8), compression='gzip')
        for i in range(20):
            f.attrs[f'a{i}'] = i


make_target()
make_earliest()
make_latest()
make_superblock1()
make_superblock2()
make_userblocks()
make_shared_messages()
make_committed_types()
make_narrow_widths()
if large:
    make_paged_earray()
print(json.dumps({'files': files}))
