#!/usr/bin/python3
"""Writes HDF5 files with frame layouts other than the DECTRIS one, for the eiger source tests.

Usage: make_layouts.py OUT_DIR
Every dataset the tests read is also saved as <name>.npy exactly as h5py reads it, and
chunk filter masks are reported, so the tests compare against HDF5 itself.
"""
import json
import os
import struct
import sys

import hdf5plugin  # noqa: F401  (registers filters before h5py use)
import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(os.path.join(out, "sub", "deeper"), exist_ok=True)
rng = np.random.default_rng(7)
H, W = 40, 56
N = 6


def frames(dtype, hi=1000):
    return rng.integers(0, hi, size=(N, H, W)).astype(dtype)


saved = {}


def save(name, f, path):
    np.save(os.path.join(out, name + ".npy"), f[path][()])
    saved[name] = path


u32 = frames(np.uint32)
u16 = frames(np.uint16)

# ---- libver latest: extensible-array, fixed-array and v2 B-tree chunk indices; links
with h5py.File(os.path.join(out, "latest.h5"), "w", libver="latest") as f:
    f.create_dataset("/x/y", data=u32, chunks=(1, H, W), maxshape=(None, H, W), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    f.create_dataset("/fixed", data=u16, chunks=(1, H, W), **hdf5plugin.LZ4())
    f.create_dataset("/btree2", data=u32, chunks=(1, H, W), maxshape=(None, None, W))
    f["/soft"] = h5py.SoftLink("/x/y")
    f["/group/hard"] = f["/x/y"]
    f["/dangling"] = h5py.SoftLink("/nowhere")
    for name in ("x/y", "fixed", "btree2"):
        save("latest_" + name.replace("/", "_"), f, "/" + name)

# ---- a master whose data files sit in a subfolder (relative external links)
with h5py.File(os.path.join(out, "sub", "deeper", "run_data_000001.h5"), "w") as d:
    d.create_dataset("/entry/data/data", data=u16[:4], chunks=(1, H, W), maxshape=(None, H, W), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
with h5py.File(os.path.join(out, "sub", "deeper", "run_data_000002.h5"), "w") as d:
    d.create_dataset("/entry/data/data", data=u16[4:], chunks=(1, H, W), maxshape=(None, H, W), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
with h5py.File(os.path.join(out, "sub_master.h5"), "w") as m:
    m["/entry/data/data_000001"] = h5py.ExternalLink("sub/deeper/run_data_000001.h5", "/entry/data/data")
    m["/entry/data/data_000002"] = h5py.ExternalLink("sub/deeper/run_data_000002.h5", "/entry/data/data")
    m["/entry/ext"] = h5py.ExternalLink("sub/deeper/run_data_000002.h5", "/entry/data/data")
np.save(os.path.join(out, "sub_master.npy"), u16)

# ---- chunkings that are not one frame per chunk, and a contiguous dataset
with h5py.File(os.path.join(out, "chunked.h5"), "w") as f:
    f.create_dataset("/tiles", data=u32, chunks=(2, H // 2, W), compression="gzip", shuffle=True)
    f.create_dataset("/contiguous", data=u16)
    f.create_dataset("/tiles_bslz4", data=u32, chunks=(2, H // 2, W), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    save("tiles", f, "/tiles")
    save("contiguous", f, "/contiguous")

# ---- missing chunks read as the fill value
with h5py.File(os.path.join(out, "sparse.h5"), "w") as f:
    ds = f.create_dataset("/entry/data/data", shape=(N, H, W), dtype=np.uint16, chunks=(1, H, W), fillvalue=7, **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    for i in (0, 2, 5):
        ds[i] = u16[i]
    raw = f.create_dataset("/raw", shape=(N, H, W), dtype=np.uint32, chunks=(1, H, W), fillvalue=0xFFFFFFFF)
    raw[1] = u32[1]
    save("sparse", f, "/entry/data/data")
    save("sparse_raw", f, "/raw")

# ---- chunks whose (optional) filters were skipped: filter_mask != 0
masks = {}
with h5py.File(os.path.join(out, "masked.h5"), "w") as f:
    bs = f.create_dataset("/bslz4", shape=(N, H, W), dtype=np.uint32, chunks=(1, H, W), **hdf5plugin.Bitshuffle(nelems=0, cname="lz4"))
    for i in range(N):
        bs[i] = u32[i]
    # frame 1 stored raw with the bitshuffle filter marked skipped
    bs.id.write_direct_chunk((1, 0, 0), u32[1].tobytes(), filter_mask=1)
    sd = f.create_dataset("/shuffle_deflate", data=u32, chunks=(1, H, W), compression="gzip", compression_opts=1, shuffle=True)
    # frame 3: deflate skipped (bit 1), shuffle applied; frame 4: both skipped (raw)
    shuffled = np.frombuffer(u32[3].tobytes(), np.uint8).reshape(-1, 4).T.copy().tobytes()
    sd.id.write_direct_chunk((3, 0, 0), shuffled, filter_mask=2)
    sd.id.write_direct_chunk((4, 0, 0), u32[4].tobytes(), filter_mask=3)
    masks["bslz4"] = [int(bs.id.read_direct_chunk((i, 0, 0))[0]) for i in range(N)]
    masks["shuffle_deflate"] = [int(sd.id.read_direct_chunk((i, 0, 0))[0]) for i in range(N)]
    save("masked_bslz4", f, "/bslz4")
    save("masked_shuffle_deflate", f, "/shuffle_deflate")

# ---- other types
with h5py.File(os.path.join(out, "types.h5"), "w") as f:
    f.create_dataset("/image", data=rng.integers(-500, 500, size=(H, W)).astype(np.int16), chunks=(H, W))
    f.create_dataset("/signed", data=rng.integers(-(2**31), 2**31 - 1, size=(N, H, W), dtype=np.int64).astype(np.int32), chunks=(1, H, W))
    f.create_dataset("/float", data=rng.random((N, H, W)).astype(np.float32), chunks=(1, H, W))
    f.create_dataset("/big_endian", data=u16.astype(">u2"), chunks=(1, H, W))
    f.create_dataset("/wide", data=u32.astype(np.uint64), chunks=(1, H, W))
    f.create_group("/agroup")
    save("types_image", f, "/image")
    save("types_signed", f, "/signed")

print(json.dumps({"ok": True, "datasets": saved, "masks": masks}))
