import type { DType } from '@beamstack/contract';
import type { Hdf5DatasetReader } from '@beamstack/hdf5';
import type { BundleManifest } from '../manifest.js';
import { reason, type Findings } from './findings.js';
import { frameDtype, type ReaderCache } from './readers.js';

/** Where DECTRIS-layout data files (and the master's virtual dataset) keep the frames. */
export const DATA_PATH = '/entry/data/data';

/** A data file whose frame dataset could be read, with its place in the series. */
export interface DataFile {
  readonly path: string;
  readonly dataset: Hdf5DatasetReader;
  readonly dtype: DType;
  /** 0-based index in the series of the file's first frame. */
  readonly firstFrame: number;
}

/**
 * Frame counts of an NXmx bundle: every data file's /entry/data/data must be [n, H, W] of the
 * output's shape and type with n as the manifest says, the n must add up to output.frames, and
 * the master's virtual dataset (when there is one) must span them all.
 */
export async function checkNxmxFrames(
  manifest: BundleManifest,
  openable: ReadonlySet<string>,
  readers: ReaderCache,
  findings: Findings,
): Promise<{ frames: number; data: DataFile[] }> {
  const { output } = manifest;
  const [height, width] = output.shape;
  const data: DataFile[] = [];
  let frames = 0;
  let allCounted = true;
  for (const entry of manifest.files) {
    if (entry.role !== 'data') continue;
    if (!openable.has(entry.path)) {
      allCounted = false;
      continue;
    }
    let dataset: Hdf5DatasetReader;
    try {
      dataset = await (await readers.get(entry.path)).dataset(DATA_PATH);
    } catch (error) {
      findings.add('frames', entry.path, `cannot read ${DATA_PATH}: ${reason(error)}`);
      allCounted = false;
      continue;
    }
    const shape = dataset.shape;
    if (shape.length !== 3) {
      findings.add('frames', entry.path, `${DATA_PATH} has shape [${shape.join(', ')}]; expected [frames, ${height}, ${width}]`);
      allCounted = false;
      continue;
    }
    const n = shape[0]!;
    if (shape[1] !== height || shape[2] !== width) {
      findings.add('frames', entry.path, `${DATA_PATH} frames are ${shape[1]}x${shape[2]}; the manifest says ${height}x${width}`);
    }
    const dtype = frameDtype(dataset.dtype);
    if (dtype !== output.dtype) {
      findings.add('frames', entry.path, `${DATA_PATH} holds ${dtype ?? `${dataset.dtype.class}${dataset.dtype.size * 8}`} values; the manifest says ${output.dtype}`);
    }
    if (entry.frames !== n) findings.add('frames', entry.path, `holds ${n} frames; the manifest says ${entry.frames ?? 'nothing'}`);
    if (dtype) data.push({ path: entry.path, dataset, dtype, firstFrame: frames });
    frames += n;
  }
  if (allCounted && frames !== output.frames) {
    findings.add('frames', undefined, `the data files hold ${frames} frames; the manifest says output.frames = ${output.frames}`);
  }
  if (output.master !== undefined && openable.has(output.master)) await checkMasterSpan(output.master, output.frames, readers, findings);
  return { frames, data };
}

/** The master's /entry/data/data, when it is a virtual dataset, must span output.frames. */
async function checkMasterSpan(master: string, frames: number, readers: ReaderCache, findings: Findings): Promise<void> {
  try {
    const reader = await readers.get(master);
    const node = await reader.lookup(DATA_PATH).catch(() => null);
    if (node?.kind !== 'dataset') return;
    const dataset = await reader.dataset(DATA_PATH);
    if (dataset.layout === 'virtual' && dataset.shape[0] !== frames) {
      findings.add('frames', master, `virtual dataset ${DATA_PATH} spans ${dataset.shape[0]} frames; the manifest says output.frames = ${frames}`);
    }
  } catch (error) {
    findings.add('frames', master, `cannot read ${DATA_PATH}: ${reason(error)}`);
  }
}
