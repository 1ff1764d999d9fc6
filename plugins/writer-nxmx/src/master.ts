import { Hdf5File, f64, str, type CloseResult, type NumericType } from '@beamstack/hdf5';
import type { DatasetMeta } from '@beamstack/contract';
import { writeDetector } from './master-detector.js';
import { writeProvenance } from './master-provenance.js';
import { writeSample } from './master-sample.js';

export interface LinkedDataFile {
  readonly finalName: string;
  readonly firstFrame: number;
  readonly frames: number;
}

export interface MasterPlan {
  readonly meta: DatasetMeta;
  readonly frames: number;
  readonly dataFiles: readonly LinkedDataFile[];
  readonly vds: boolean;
  readonly fillValue: number;
  readonly compression: string;
  readonly warn: (message: string) => void;
}

/** Writes `<prefix>_master.h5` (NXmx + DECTRIS fields, FORMATS §7.1) at `path`. */
export async function writeMaster(path: string, plan: MasterPlan): Promise<CloseResult> {
  const file = await Hdf5File.create(path, { overwrite: true });
  try {
    fillMaster(file, plan);
    return await file.close();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

function fillMaster(file: Hdf5File, plan: MasterPlan): void {
  const { meta } = plan;
  file.root.attr('default', 'entry');
  file.group('/entry', { NX_class: 'NXentry' });
  file.dataset('/entry/definition', str('NXmx'));
  file.dataset('/entry/start_time', str(meta.startTime));
  const end = endTime(meta.startTime, plan.frames * meta.detector.frameTime_s);
  if (end) {
    file.dataset('/entry/end_time', str(end));
    file.dataset('/entry/end_time_estimated', str(end));
  } else {
    plan.warn(`start time ${JSON.stringify(meta.startTime)} is not an ISO-8601 time; end_time not written`);
  }

  writeData(file, plan);

  file.group('/entry/source', { NX_class: 'NXsource' });
  file.dataset('/entry/source/name', str(meta.facility.sourceName), { short_name: meta.facility.sourceShortName });

  file.group('/entry/instrument', { NX_class: 'NXinstrument' });
  file.dataset('/entry/instrument/name', str(meta.facility.instrumentName), { short_name: meta.facility.instrumentShortName });
  file.group('/entry/instrument/beam', { NX_class: 'NXbeam' });
  file.dataset('/entry/instrument/beam/incident_wavelength', f64(meta.beam.wavelength_A), { units: 'angstrom' });
  if (meta.beam.flux_photons_per_s !== null) {
    file.dataset('/entry/instrument/beam/total_flux', f64(meta.beam.flux_photons_per_s), { units: 'Hz' });
  }
  const software = meta.provenance.steps.at(-1)?.host ?? 'beamstack';
  writeDetector(file, meta, { frames: plan.frames, compression: plan.compression, software, warn: plan.warn });
  writeSample(file, meta, plan.frames);
  writeProvenance(file, meta.provenance);
}

function writeData(file: Hdf5File, plan: MasterPlan): void {
  const [H, W] = plan.meta.shape;
  const withVds = plan.vds && plan.frames > 0;
  file.group('/entry/data', withVds ? { NX_class: 'NXdata', signal: 'data' } : { NX_class: 'NXdata' });
  plan.dataFiles.forEach((data, k) => {
    file.externalLink(`/entry/data/data_${String(k + 1).padStart(6, '0')}`, data.finalName, '/entry/data/data');
  });
  if (!withVds) return;
  // Generic NXmx readers (dxtbx FormatNXmx in DIALS 3.12) read NXdata@signal only.
  file.virtualDataset('/entry/data/data', {
    dtype: plan.meta.dtype as NumericType,
    shape: [plan.frames, H, W],
    fillValue: plan.fillValue,
    sources: plan.dataFiles.map((d) => ({ file: d.finalName, dataset: '/entry/data/data', frames: d.frames, firstFrame: d.firstFrame })),
  });
}

/** start + seconds as "YYYY-MM-DDTHH:MM:SS.mmmZ", or null when the start is not a time. */
export function endTime(start: string, seconds: number): string | null {
  const t = Date.parse(start);
  if (!Number.isFinite(t) || !Number.isFinite(seconds)) return null;
  const end = new Date(t + Math.round(seconds * 1000));
  return Number.isFinite(end.getTime()) ? end.toISOString() : null;
}
