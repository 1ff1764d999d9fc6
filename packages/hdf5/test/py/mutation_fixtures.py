"""Small h5py files for the reader's mutation test: DIR -> {"files": [paths]}.

One file per format generation, each touching most structures in a few KiB: old-style and
dense groups, soft/external links, compact and dense attributes (incl. variable-length
strings), and chunk indexes (v1 B-tree; fixed array, extensible array, v2 B-tree).
"""
import json
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
paths = []
for libver in ('earliest', 'latest'):
    p = os.path.join(out, f'small_{libver}.h5')
    paths.append(p)
    with h5py.File(p, 'w', libver=libver) as f:
        f.attrs['title'] = 'small ✓'
        f.attrs['numbers'] = np.arange(5, dtype='<i4')
        g = f.create_group('g')
        for i in range(12):
            g[f'd{i}'] = np.int16(i)
        g['soft'] = h5py.SoftLink('/g/d1')
        g['dangling'] = h5py.SoftLink('/nothing')
        a = f.create_group('attrs')
        for i in range(12):
            a.attrs[f'a{i}'] = f'value {i}' if i % 2 else np.float32(i)
        f.create_dataset('chunks', data=np.arange(6 * 4, dtype='<u2').reshape(6, 4), chunks=(1, 4), maxshape=(None, 4),
                         compression='gzip', shuffle=True)
        f.create_dataset('fixed', data=np.arange(12, dtype='<i4').reshape(6, 2), chunks=(1, 2))
        f.create_dataset('grid', data=np.arange(36, dtype='<f8').reshape(6, 6), chunks=(2, 3), maxshape=(None, None))
        f.create_dataset('strings', data=np.array(['x', 'yy'], dtype=h5py.string_dtype()))
        f['ext'] = h5py.ExternalLink('small_latest.h5', '/fixed')
print(json.dumps({'files': paths}))
