"""Decodes CBF files holding OUR byte-offset payloads with fabio and CBFlib; re-encodes with CBFlib.

argv[1]: directory with cases.json and per case <name>.cbf (our payload) + <name>.raw (expected
little-endian values). Prints one JSON line: a result per case.
"""
import json
import os
import sys

import numpy as np
import fabio
from fabio.compression import decByteOffset

from cbf_tools import DTYPES, binary_section, cbflib_values, cif2cbf

folder = sys.argv[1]
cases = json.load(open(os.path.join(folder, "cases.json")))
results = []
for case in cases:
    name, dtype, shape = case["name"], case["dtype"], tuple(case["shape"])
    path = os.path.join(folder, name + ".cbf")
    expected = np.fromfile(os.path.join(folder, name + ".raw"), dtype=DTYPES[dtype]).reshape(shape)
    payload, _ = binary_section(open(path, "rb").read())
    res = {"name": name}
    # fabio's exact (int64) decoder, the low-level function
    exact = np.asarray(decByteOffset(payload, expected.size, dtype="int64"))
    res["fabio_int64"] = bool(np.array_equal(exact, expected.ravel().astype(np.int64)))
    # fabio's file reader (its int32 path uses a 32-bit decoder)
    try:
        img = fabio.open(path).data
        res["fabio_open"] = bool(img.dtype == expected.dtype and img.shape == shape and np.array_equal(img, expected))
    except Exception as e:  # noqa: BLE001
        res["fabio_open"] = False
        res["fabio_open_error"] = str(e)
    # CBFlib decode and re-encode
    try:
        values, et = cbflib_values(path, folder)
        res["cbflib_values"] = bool(et == dtype and np.array_equal(values, expected.ravel()))
        again, _ = cif2cbf(path, os.path.join(folder, "cbflib-again.cbf"), "b")
        res["cbflib_same_bytes"] = again == payload
    except RuntimeError as e:
        res["cbflib_values"] = False
        res["cbflib_error"] = str(e)
    results.append(res)
print(json.dumps({"results": results, "fabio": fabio.version}))
