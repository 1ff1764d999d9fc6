"""Payloads written by fabio and by CBFlib, for our decoder.

argv[1]: directory. Optional input: extra.json listing {name, dtype, shape} with <name>.raw values
(e.g. a realistic frame from the TypeScript side). Generates its own seeded cases as well. For each
case writes <name>.values (the values), <name>.fabio (fabio's payload), <name>.fabio-decoded (what
fabio's exact int64 decoder makes of its payload, int64) and <name>.cbflib (CBFlib's payload from
`cif2cbf -c b -p 4` of a CBF holding the exact §8.2 payload), then prints one JSON line listing the
cases.
"""
import json
import os
import sys

import numpy as np
from fabio.cbfimage import CbfImage
from fabio.compression import compByteOffset, decByteOffset

from cbf_tools import DTYPES, binary_section, cif2cbf, exact_payload, write_cbf

folder = sys.argv[1]
rng = np.random.default_rng(20240501)


def generated():
    for dtype, code in DTYPES.items():
        info = np.iinfo(code)
        for shape in ((1, 1), (3, 7), (37, 29)):
            n = shape[0] * shape[1]
            yield f"{dtype}-zeros-{n}", dtype, shape, np.zeros(n)
            yield f"{dtype}-small-{n}", dtype, shape, rng.integers(max(info.min, -60), min(info.max, 60) + 1, n)
            walk = np.clip(np.cumsum(rng.integers(-3000, 3001, n)), info.min, info.max)
            yield f"{dtype}-walk-{n}", dtype, shape, walk
            eiger = rng.poisson(0.4, n)
            eiger[rng.random(n) < 0.02] = rng.integers(100, 60000)
            eiger = np.minimum(eiger, info.max)
            eiger[rng.random(n) < 0.05] = -1 if info.min < 0 else info.max
            yield f"{dtype}-eiger-{n}", dtype, shape, eiger
            yield f"{dtype}-random-{n}", dtype, shape, rng.integers(info.min, info.max, n, endpoint=True)
            extremes = np.resize(np.array([info.min, info.max, 0, info.max, info.min, info.min, 1]), n)
            yield f"{dtype}-extremes-{n}", dtype, shape, extremes


def extra():
    path = os.path.join(folder, "extra.json")
    if not os.path.exists(path):
        return
    for case in json.load(open(path)):
        values = np.fromfile(os.path.join(folder, case["name"] + ".raw"), dtype=DTYPES[case["dtype"]])
        yield case["name"], case["dtype"], tuple(case["shape"]), values


cases = []
for name, dtype, shape, values in list(generated()) + list(extra()):
    arr = np.asarray(values).astype(DTYPES[dtype]).reshape(shape)
    arr.ravel().tofile(os.path.join(folder, name + ".values"))
    # fabio: what CbfImage.write stores for this array (compByteOffset on the native dtype)
    fabio_payload = compByteOffset(arr)
    open(os.path.join(folder, name + ".fabio"), "wb").write(fabio_payload)
    np.asarray(decByteOffset(fabio_payload, arr.size, dtype="int64")).astype("<i8").tofile(
        os.path.join(folder, name + ".fabio-decoded"))
    # fabio's file writer stores the same payload
    written_by_fabio = os.path.join(folder, "fabio-written.cbf")
    CbfImage(data=arr).write(written_by_fabio)
    assert binary_section(open(written_by_fabio, "rb").read())[0] == fabio_payload
    # CBFlib: re-encode a file holding the exact payload of these values
    src = os.path.join(folder, "exact.cbf")
    write_cbf(src, exact_payload(arr.ravel()), dtype, shape)
    case = {"name": name, "dtype": dtype, "shape": list(shape)}
    try:
        cbflib_payload, case["cbflib_element_type"] = cif2cbf(src, os.path.join(folder, "cbflib-written.cbf"), "b", padding=True)
        open(os.path.join(folder, name + ".cbflib"), "wb").write(cbflib_payload)
    except RuntimeError as e:  # CBFlib 0.9.7 crashes on some extreme data (reported by the test)
        case["cbflib_error"] = str(e)
    cases.append(case)
print(json.dumps({"cases": cases}))
