"""h5py's view of HDF5 files, as JSON, for the reader tests.

Usage: h5view.py FILE... -> prints one JSON object {file: description}.

For every object reachable through hard links: its kind, links (with their class), attributes
(exact values: 64-bit integers as strings), and for datasets shape, maxshape, dtype, layout,
filters, fill value, every stored chunk (offset, filter mask, size, sha256 of the raw bytes
from read_direct_chunk) and the value (sha256 of the little-endian bytes, or strings).
"""
import hashlib
import json
import sys

import h5py
import hdf5plugin  # noqa: F401  (registers 32008/32004 for values)
import numpy as np

MAX_LISTED_CHUNKS = 4096
SAMPLED_CHUNKS = 300


def sha(b):
    return hashlib.sha256(bytes(b)).hexdigest()


def encode_value(v, dtype, shape):
    """JSON form of an attribute/dataset value; None when h5py's type is not one we decode."""
    kind = dtype.kind
    if h5py.check_string_dtype(dtype) is not None or kind in 'SU':
        flat = np.asarray(v, dtype=object).reshape(-1) if shape != () else [v]
        out = [x.decode('utf-8', 'replace') if isinstance(x, bytes) else str(x) for x in flat]
        return {'t': 'str', 'scalar': shape == (), 'v': out}
    if kind == 'b':
        return {'t': 'int', 'scalar': shape == (), 'v': [str(int(x)) for x in np.asarray(v).reshape(-1)]}
    if kind in 'iu':
        return {'t': 'int', 'scalar': shape == (), 'bits': dtype.itemsize * 8, 'v': [str(int(x)) for x in np.asarray(v).reshape(-1)]}
    if kind == 'f':
        vals = [None if np.isnan(x) else float(x) for x in np.asarray(v, dtype=np.float64).reshape(-1)]
        return {'t': 'float', 'scalar': shape == (), 'bits': dtype.itemsize * 8, 'v': vals}
    return None


def attrs_of(obj):
    out = {}
    for name in obj.attrs:
        aid = obj.attrs.get_id(name)
        shape = aid.shape
        if aid.get_space().get_simple_extent_type() == h5py.h5s.NULL:
            out[name] = None
            continue
        try:
            v = obj.attrs[name]
        except Exception:
            out[name] = None
            continue
        base = aid.dtype
        if base.subdtype is not None:  # array datatype: h5py returns the expanded array
            base = base.subdtype[0]
            shape = np.asarray(v).shape
        out[name] = encode_value(v, base, shape)
    return out


def filters_of(dcpl):
    out = []
    for i in range(dcpl.get_nfilters()):
        code, flags, values, name = dcpl.get_filter(i)
        out.append({'id': code, 'flags': flags, 'cd': list(values)})
    return out


def chunks_of(ds):
    dsid = ds.id
    n = dsid.get_num_chunks()
    infos = []
    if n <= MAX_LISTED_CHUNKS:
        infos = [dsid.get_chunk_info(i) for i in range(n)]
    else:
        grid = [(s + c - 1) // c for s, c in zip(ds.shape, ds.chunks)]
        total = int(np.prod(grid))
        rng = np.random.default_rng(1)
        picks = sorted(set(int(x) for x in rng.integers(0, total, SAMPLED_CHUNKS))) + [total - 1]
        for p in picks:
            coords = np.unravel_index(p, grid)
            offset = tuple(int(c) * k for c, k in zip(coords, ds.chunks))
            info = dsid.get_chunk_info_by_coord(offset)
            infos.append(info if info.byte_offset is not None else {'missing': offset})
    out = []
    for info in infos:
        if isinstance(info, dict):
            out.append({'offset': [int(x) for x in info['missing']], 'missing': True})
            continue
        mask, raw = dsid.read_direct_chunk(info.chunk_offset)
        out.append({
            'offset': [int(x) for x in info.chunk_offset],
            'mask': int(mask),
            'size': int(info.size),
            'sha256': sha(raw),
        })
    return {'count': n, 'listed': n <= MAX_LISTED_CHUNKS, 'chunks': out}


def virtual_of(ds):
    """Frame ranges of a VDS whose selections are blocks over whole frames: the virtual and the
    source frame sequences (from h5py's block lists) zipped together, adjacent ranges merged."""
    out = []
    for m in ds.virtual_sources():
        vruns = sorted((b[0], b[1] - b[0] + 1) for b in blocks_of(m.vspace))
        if m.src_space.get_select_type() == h5py.h5s.SEL_ALL:
            sruns = [(0, sum(n for _, n in vruns))]
        else:
            sruns = sorted((b[0], b[1] - b[0] + 1) for b in blocks_of(m.src_space))
        vframes = [s + i for s, n in vruns for i in range(n)]
        sframes = [s + i for s, n in sruns for i in range(n)]
        first = len(out)  # ranges merge within one mapping entry only
        for v, src in zip(vframes, sframes):
            last = out[-1] if len(out) > first else None
            if last and last['firstFrame'] + last['frames'] == v and last['sourceFirstFrame'] + last['frames'] == src:
                last['frames'] += 1
            else:
                out.append({'file': m.file_name, 'dataset': m.dset_name, 'firstFrame': v, 'frames': 1, 'sourceFirstFrame': src})
    return out


def blocks_of(space):
    """[first, last] along dimension 0 of each block of a hyperslab selection."""
    if space.get_select_type() == h5py.h5s.SEL_ALL:
        return [(0, space.shape[0] - 1)]
    nblocks = space.get_select_hyper_nblocks()
    blist = space.get_select_hyper_blocklist()
    return [(int(blist[i][0][0]), int(blist[i][1][0])) for i in range(nblocks)]


def dataset_of(ds):
    dcpl = ds.id.get_create_plist()
    layout = dcpl.get_layout()
    d = {
        'kind': 'dataset',
        'shape': list(ds.shape) if ds.shape is not None else None,
        'maxshape': [None if m is None else int(m) for m in ds.maxshape] if ds.maxshape is not None else None,
        'chunks': list(ds.chunks) if ds.chunks else None,
        'dtype': ds.dtype.str if ds.dtype.kind != 'O' else 'O',
        'layout': {0: 'compact', 1: 'contiguous', 2: 'chunked', 3: 'virtual'}[layout],
        'filters': filters_of(dcpl),
        'fill_defined': dcpl.fill_value_defined() == h5py.h5d.FILL_VALUE_USER_DEFINED,
        'attrs': attrs_of(ds),
    }
    if d['fill_defined'] and ds.dtype.kind in 'iuf':
        d['fillvalue'] = sha(np.asarray(ds.fillvalue, dtype=ds.dtype.newbyteorder('<')).tobytes())
    if layout == 2:
        d['chunk_info'] = chunks_of(ds)
    if layout == 3:
        d['virtual'] = virtual_of(ds)
    elif ds.size is not None and ds.size <= 1_000_000:
        try:
            v = ds[()]
            base = ds.dtype
            if base.kind in 'iufb':
                arr = np.ascontiguousarray(np.asarray(v, dtype=base.newbyteorder('<')))
                d['value_sha256'] = sha(arr.tobytes())
                if base.kind == 'f' and base.itemsize == 2:
                    d['value_f16'] = [float(x) for x in arr.reshape(-1)]
            else:
                enc = encode_value(v, base, ds.shape)
                if enc is not None:
                    d['value'] = enc
        except Exception as e:  # a filter h5py cannot decode, etc.
            d['value_error'] = str(e)
    return d


def describe(path):
    objects = {}
    seen = set()
    with h5py.File(path, 'r') as f:
        def visit(g, gpath):
            addr = h5py.h5o.get_info(g.id).addr
            if addr in seen:
                return
            seen.add(addr)
            links = []
            for name in g:
                link = g.get(name, getlink=True)
                child = f"{gpath.rstrip('/')}/{name}"
                if isinstance(link, h5py.SoftLink):
                    links.append({'name': name, 'kind': 'soft', 'target': link.path})
                elif isinstance(link, h5py.ExternalLink):
                    links.append({'name': name, 'kind': 'external', 'file': link.filename, 'target': link.path})
                else:
                    links.append({'name': name, 'kind': 'hard'})
                    obj = g[name]
                    if isinstance(obj, h5py.Group):
                        visit(obj, child)
                    elif isinstance(obj, h5py.Dataset):
                        a = h5py.h5o.get_info(obj.id).addr
                        if a not in seen:
                            seen.add(a)
                            objects[child] = dataset_of(obj)
            objects[gpath] = {'kind': 'group', 'links': links, 'attrs': attrs_of(g)}

        visit(f['/'], '/')
    return {'objects': objects}


if __name__ == '__main__':
    print(json.dumps({p: describe(p) for p in sys.argv[1:]}))
