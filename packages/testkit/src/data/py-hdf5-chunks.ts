/**
 * Python helpers (paste into scripts, after PY_RECORDS) that pass one frame chunk through the
 * real HDF5 filters of an in-memory h5py dataset shaped (1, h, w) with one chunk per frame.
 * `case` is a dict with 'dtype' and 'shape'; `options` are create_dataset's filter arguments.
 *   hdf5_reads_chunk(chunk, case, **options) -> (pixel bytes HDF5 decodes, pipeline as stored)
 *   hdf5_writes_chunk(raw, case, **options)  -> (filter mask, stored chunk, pipeline as stored)
 */
export const PY_HDF5_CHUNKS = `
import numpy as np, h5py
def hdf5_dataset(f, case, **options):
    h, w = case['shape']
    return f.create_dataset('d', shape=(1, h, w), dtype=np.dtype(case['dtype']).newbyteorder('<'), chunks=(1, h, w), **options)
def stored_pipeline(ds):
    plist = ds.id.get_create_plist()
    return [{'id': int(a), 'flags': int(b), 'cdValues': [int(x) for x in c]}
            for a, b, c, _ in (plist.get_filter(k) for k in range(plist.get_nfilters()))]
def hdf5_reads_chunk(chunk, case, **options):
    with h5py.File('read', 'w', driver='core', backing_store=False) as f:
        ds = hdf5_dataset(f, case, **options)
        ds.id.write_direct_chunk((0, 0, 0), chunk)
        return ds[0].tobytes(), stored_pipeline(ds)
def hdf5_writes_chunk(raw, case, **options):
    with h5py.File('write', 'w', driver='core', backing_store=False) as f:
        ds = hdf5_dataset(f, case, **options)
        ds[0] = np.frombuffer(raw, dtype=np.dtype(case['dtype']).newbyteorder('<')).reshape(case['shape'])
        mask, chunk = ds.id.read_direct_chunk((0, 0, 0))
        return int(mask), chunk, stored_pipeline(ds)
`;
