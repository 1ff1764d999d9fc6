"""Describe every object of an HDF5 file as JSON, as h5py + the HDF5 library see it.

usage: describe.py FILE
Prints one JSON object: {path: info}. Datasets report dtype, shape, maxshape, chunks, layout,
filters, fill value, values (small datasets) or per-frame SHA-256 (chunked), and per-chunk raw
bytes SHA-256 + filter mask (read_direct_chunk). Strings report their HDF5 size, padding, charset.
"""
import hashlib
import json
import sys

import hdf5plugin  # noqa: F401
import h5py
import numpy as np

LAYOUTS = {h5py.h5d.COMPACT: "compact", h5py.h5d.CONTIGUOUS: "contiguous", h5py.h5d.CHUNKED: "chunked"}
if hasattr(h5py.h5d, "VIRTUAL"):
    LAYOUTS[h5py.h5d.VIRTUAL] = "virtual"
PADS = {h5py.h5t.STR_NULLTERM: "nullterm", h5py.h5t.STR_NULLPAD: "nullpad", h5py.h5t.STR_SPACEPAD: "spacepad"}


def type_info(tid):
    info = {"class": tid.get_class(), "size": tid.get_size()}
    if isinstance(tid, h5py.h5t.TypeStringID):
        info["strpad"] = PADS.get(tid.get_strpad(), "?")
        info["cset"] = "utf8" if tid.get_cset() == h5py.h5t.CSET_UTF8 else "ascii"
        info["variable"] = tid.is_variable_str()
    return info


def plain(v):
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()] if v.dtype.kind == "S" else v.tolist()
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8")
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def attrs_of(obj):
    out = {}
    for name in obj.attrs:
        aid = h5py.h5a.open(obj.id, name.encode())
        v = obj.attrs[name]
        out[name] = {"dtype": str(np.asarray(v).dtype), "shape": list(aid.shape), "type": type_info(aid.get_type()),
                     "value": plain(v)}
    return out


def describe(f):
    out = {}

    def visit(name, link):
        path = "/" + name
        if isinstance(link, h5py.SoftLink):
            out[path] = {"kind": "soft", "target": link.path}
            return
        if isinstance(link, h5py.ExternalLink):
            out[path] = {"kind": "external", "file": link.filename, "target": link.path}
            return
        obj = f[path]
        if isinstance(obj, h5py.Group):
            out[path] = {"kind": "group", "attrs": attrs_of(obj)}
            return
        dcpl = obj.id.get_create_plist()
        info = {"kind": "dataset", "dtype": str(obj.dtype), "shape": list(obj.shape),
                "maxshape": [(-1 if m is None else m) for m in obj.maxshape] if obj.maxshape else None,
                "chunks": list(obj.chunks) if obj.chunks else None, "layout": LAYOUTS.get(dcpl.get_layout(), "?"),
                "type": type_info(obj.id.get_type()), "attrs": attrs_of(obj), "fillvalue": plain(obj.fillvalue)}
        filters = []
        for i in range(dcpl.get_nfilters()):
            fid, flags, cd, fname = dcpl.get_filter(i)
            filters.append({"id": int(fid), "flags": int(flags), "cd": [int(x) for x in cd]})
        info["filters"] = filters
        if info["layout"] == "chunked":
            n = obj.id.get_num_chunks()
            chunks = []
            for k in range(n):
                ci = obj.id.get_chunk_info(k)
                mask, raw = obj.id.read_direct_chunk(ci.chunk_offset)
                chunks.append({"offset": list(ci.chunk_offset), "mask": int(mask), "size": int(ci.size),
                               "sha256": hashlib.sha256(raw).hexdigest()})
            info["stored_chunks"] = chunks
            info["frames_sha256"] = [hashlib.sha256(np.ascontiguousarray(obj[i]).tobytes()).hexdigest()
                                     for i in range(obj.shape[0])]
        elif obj.size <= 4096:
            info["value"] = plain(obj[()])
        else:
            info["sha256"] = hashlib.sha256(np.ascontiguousarray(obj[()]).tobytes()).hexdigest()
        if info["layout"] == "virtual":
            info["virtual_sources"] = [{"file": s.file_name, "dataset": s.dset_name} for s in obj.virtual_sources()]
        out[path] = info

    out["/"] = {"kind": "group", "attrs": attrs_of(f)}
    f.visititems_links(visit) if hasattr(f, "visititems_links") else walk(f, "", visit)
    return out


def walk(group, prefix, visit):
    for name in group:
        link = group.get(name, getlink=True)
        full = f"{prefix}{name}"
        visit(full, link)
        if isinstance(link, h5py.HardLink) and isinstance(group[name], h5py.Group):
            walk(group[name], full + "/", visit)


def main():
    with h5py.File(sys.argv[1], "r") as f:
        print(json.dumps(describe(f)))


if __name__ == "__main__":
    main()
