#!/usr/bin/python3
"""fabio's miniCBF write and read of one int32 frame, timed the way bench_codecs.py times them.

Usage: fabio_cbf.py FRAME.raw HEIGHT WIDTH REPS OUT_DIR
FRAME.raw holds HEIGHT*WIDTH little-endian int32 values (the frame beamstack writes, already in
CBF values). Writes OUT_DIR/fabio.cbf REPS times with CbfImage(data).write (byte offset, header,
MD5, file) and reads it REPS times with fabio.open(...).data; prints one JSON line with the
median MB/s of uncompressed bytes (4 bytes per pixel, 10^6 B per MB). Single thread.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
from fabio.cbfimage import CbfImage
import fabio


def timed(fn, reps):
    times = []
    out = None
    fn()  # warm-up, untimed
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main():
    raw, h, w, reps, out_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    frame = np.fromfile(raw, dtype="<i4").reshape(h, w)
    path = os.path.join(out_dir, "fabio.cbf")
    nbytes = frame.size * 4

    def write():
        CbfImage(data=frame).write(path)

    tw, _ = timed(write, reps)
    tr, data = timed(lambda: fabio.open(path).data, reps)
    assert np.array_equal(data, frame)
    print(json.dumps({"write_MBps": nbytes / tw / 1e6, "read_MBps": nbytes / tr / 1e6, "write_ms": tw * 1e3, "read_ms": tr * 1e3,
                      "file_bytes": os.path.getsize(path), "reps": reps, "fabio": fabio.version}))
    os.remove(path)


if __name__ == "__main__":
    main()
