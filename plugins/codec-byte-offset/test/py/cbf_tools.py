"""Shared helpers for the byte-offset interop scripts: payload extraction, CBFlib calls, dtypes."""
import logging
import os
import re
import subprocess

import numpy as np

logging.getLogger("fabio").setLevel(logging.CRITICAL)

MARKER = b"\x0c\x1a\x04\xd5"
DTYPES = {"int8": "<i1", "uint8": "<u1", "int16": "<i2", "uint16": "<u2", "int32": "<i4", "uint32": "<u4"}
ELEMENT_TYPES = {"signed 8-bit integer": "int8", "unsigned 8-bit integer": "uint8",
                 "signed 16-bit integer": "int16", "unsigned 16-bit integer": "uint16",
                 "signed 32-bit integer": "int32", "unsigned 32-bit integer": "uint32",
                 "signed 64-bit integer": "int64"}


def binary_section(data):
    """(payload sliced at X-Binary-Size, element type name) of a CBF file's bytes."""
    mk = data.find(MARKER)
    head = data[:mk].decode("latin1")
    size = int(re.search(r"X-Binary-Size:\s*(\d+)", head).group(1))
    et = re.search(r'X-Binary-Element-Type:\s*"([^"]+)"', head).group(1)
    return data[mk + 4: mk + 4 + size], et


def cif2cbf(src, dst, compression, padding=False):
    """Runs CBFlib's cif2cbf; compression 'n' = none (raw values), 'b' = byte offset."""
    args = ["cif2cbf", "-i", src, "-o", dst, "-c", compression, "-e", "n", "-m", "h", "-d", "d"]
    if padding:
        args += ["-p", "4"]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    msg = " | ".join(ln for ln in (r.stderr + r.stdout).splitlines() if ln.strip() and "Time to" not in ln)
    if r.returncode != 0 or "CBFlib error" in msg or not os.path.exists(dst):
        raise RuntimeError(f"cif2cbf failed on {src}: {msg[:300]}")
    with open(dst, "rb") as f:
        return binary_section(f.read())


def cbflib_values(path, tmp):
    """The values CBFlib decodes from a CBF file (through an uncompressed copy)."""
    raw, et = cif2cbf(path, os.path.join(tmp, "cbflib-raw.cbf"), "n")
    return np.frombuffer(raw, dtype=np.dtype(DTYPES[ELEMENT_TYPES[et]])), ELEMENT_TYPES[et]


def exact_payload(values):
    """FORMATS.md §8.2 bytes for these values: fabio's encoder on int64 input computes exact deltas
    (its int32 path, used for int32/uint32 arrays, wraps differences modulo 2^32)."""
    from fabio.compression import compByteOffset
    return compByteOffset(np.asarray(values).astype(np.int64))


def write_cbf(path, payload, dtype, shape):
    """A minimal CBF (FORMATS.md §8.1) around a payload, for CBFlib to read."""
    import base64
    import hashlib
    name = next(k for k, v in ELEMENT_TYPES.items() if v == dtype)
    md5 = base64.b64encode(hashlib.md5(payload).digest()).decode()
    lines = ["###CBF: VERSION 1.5", "", "data_interop", "", "_array_data.data", ";",
             "--CIF-BINARY-FORMAT-SECTION--", "Content-Type: application/octet-stream;",
             '     conversions="x-CBF_BYTE_OFFSET"', "Content-Transfer-Encoding: BINARY",
             f"X-Binary-Size: {len(payload)}", "X-Binary-ID: 1", f'X-Binary-Element-Type: "{name}"',
             "X-Binary-Element-Byte-Order: LITTLE_ENDIAN", f"Content-MD5: {md5}",
             f"X-Binary-Number-of-Elements: {shape[0] * shape[1]}",
             f"X-Binary-Size-Fastest-Dimension: {shape[1]}", f"X-Binary-Size-Second-Dimension: {shape[0]}",
             "X-Binary-Size-Padding: 0", "", ""]
    with open(path, "wb") as f:
        f.write("\r\n".join(lines).encode() + MARKER + payload + b"\r\n--CIF-BINARY-FORMAT-SECTION----\r\n;\r\n\r\n")
