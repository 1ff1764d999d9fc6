import { f64, i32, i64, u32, u64, u8, type Hdf5File, type Hdf5Value } from '@beamstack/hdf5';
import { bytesPerPixel, countMasked, type DatasetMeta, type JsonPrimitive } from '@beamstack/contract';

const DETECTOR = '/entry/instrument/detector';
export const DET_Z = `${DETECTOR}/transformations/det_z`;
const MODULE_OFFSET = `${DETECTOR}/module/module_offset`;

/**
 * dxtbx reverses module/data_size for DECTRIS firmware newer than 2022.1.2 (it was written
 * fast-first there); we write [H, W], so we claim a firmware before that change.
 */
export const EIGER_FW_VERSION = 'release-2020.2.2';

/** h·c in eV·Å: photon energy from wavelength. */
const HC_EV_ANGSTROM = 12398.419843320026;

export interface DetectorFacts {
  readonly frames: number;
  readonly compression: string;
  readonly software: string;
  readonly warn: (message: string) => void;
}

const flag = (b: boolean): Hdf5Value => i32(b ? 1 : 0);

/** A count: uint32 when it fits (as DECTRIS stores them), int64 otherwise. */
function count(v: number): Hdf5Value {
  if (Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff) return u32(v);
  if (Number.isSafeInteger(v)) return i64(v);
  return f64(v);
}

function integerOrFloat(v: number): Hdf5Value {
  return Number.isSafeInteger(v) ? i64(v) : f64(v);
}

/** NXdetector with transformations, one NXdetector_module, and DECTRIS detectorSpecific. */
export function writeDetector(file: Hdf5File, meta: DatasetMeta, facts: DetectorFacts): void {
  const d = meta.detector;
  const [H, W] = meta.shape;
  const [px, py] = d.pixelSize_m;
  const [bx, by] = d.beamCenter_px;
  const bits = bytesPerPixel(meta.dtype) * 8;
  if (d.bitDepthImage !== bits) facts.warn(`detector.bitDepthImage ${d.bitDepthImage} differs from the stored ${meta.dtype} (${bits} bits); writing the metadata value`);

  file.group(DETECTOR, { NX_class: 'NXdetector' });
  const put = (name: string, value: Hdf5Value | string, units?: string): void => {
    file.dataset(`${DETECTOR}/${name}`, value, units ? { units } : {});
  };
  put('depends_on', DET_Z);
  put('description', d.description);
  put('detector_number', d.serialNumber);
  put('sensor_material', d.sensorMaterial);
  put('sensor_thickness', f64(d.sensorThickness_m), 'm');
  put('x_pixel_size', f64(px), 'm');
  put('y_pixel_size', f64(py), 'm');
  put('beam_center_x', f64(bx), 'pixel');
  put('beam_center_y', f64(by), 'pixel');
  put('detector_distance', f64(d.distance_m), 'm');
  put('distance', f64(d.distance_m), 'm');
  put('count_time', f64(d.countTime_s), 's');
  put('frame_time', f64(d.frameTime_s), 's');
  put('detector_readout_time', f64(d.readoutTime_s), 's');
  put('bit_depth_image', i32(d.bitDepthImage));
  put('bit_depth_readout', i32(d.bitDepthReadout));
  put('saturation_value', integerOrFloat(d.saturationValue));
  put('underload_value', integerOrFloat(d.underloadValue));
  put('threshold_energy', f64(d.thresholdEnergy_eV), 'eV');
  put('countrate_correction_applied', flag(d.countrateCorrectionApplied));
  put('flatfield_correction_applied', flag(d.flatfieldCorrectionApplied));
  put('pixel_mask_applied', flag(d.pixelMaskApplied));
  put('type', 'Pixel');

  file.group(`${DETECTOR}/transformations`, { NX_class: 'NXtransformations' });
  file.dataset(DET_Z, f64(d.distance_m * 1000), {
    units: 'mm',
    transformation_type: 'translation',
    vector: f64([0, 0, 1]),
    depends_on: '.',
  });

  // Beam (x = y = 0) hits pixel (bx, by): origin = (bx·px, by·py, 0) with fast −x, slow −y (McStas).
  const pxMm = px * 1000;
  const pyMm = py * 1000;
  file.group(`${DETECTOR}/module`, { NX_class: 'NXdetector_module' });
  file.dataset(`${DETECTOR}/module/data_origin`, i32([0, 0]));
  file.dataset(`${DETECTOR}/module/data_size`, i32([H, W]));
  file.dataset(`${DETECTOR}/module/data_stride`, i32([1, 1]));
  file.dataset(MODULE_OFFSET, f64(0), {
    units: 'mm',
    transformation_type: 'translation',
    vector: f64([1, 0, 0]),
    offset: f64([bx * pxMm, by * pyMm, 0]),
    offset_units: 'mm',
    depends_on: DET_Z,
  });
  file.dataset(`${DETECTOR}/module/fast_pixel_direction`, f64(pxMm), {
    units: 'mm',
    transformation_type: 'translation',
    vector: f64([-1, 0, 0]),
    offset: f64([0, 0, 0]),
    offset_units: 'mm',
    depends_on: MODULE_OFFSET,
  });
  file.dataset(`${DETECTOR}/module/slow_pixel_direction`, f64(pyMm), {
    units: 'mm',
    transformation_type: 'translation',
    vector: f64([0, -1, 0]),
    offset: f64([0, 0, 0]),
    offset_units: 'mm',
    depends_on: MODULE_OFFSET,
  });

  writeDetectorSpecific(file, meta, facts);
}

function writeDetectorSpecific(file: Hdf5File, meta: DatasetMeta, facts: DetectorFacts): void {
  const base = `${DETECTOR}/detectorSpecific`;
  const d = meta.detector;
  const [H, W] = meta.shape;
  file.group(base, { NX_class: 'NXcollection' });
  const fields = new Map<string, { value: Hdf5Value | string; units?: string }>();
  const put = (name: string, value: Hdf5Value | string, units?: string): void => {
    fields.set(name, units ? { value, units } : { value });
  };
  put('nimages', u64(facts.frames));
  put('ntrigger', u64(1));
  put('nsequences', u64(1));
  put('x_pixels_in_detector', u32(W));
  put('y_pixels_in_detector', u32(H));
  put('compression', facts.compression);
  put('countrate_correction_count_cutoff', count(d.saturationValue));
  put('saturation_value', count(d.saturationValue));
  put('eiger_fw_version', EIGER_FW_VERSION);
  if (d.firmwareVersion && d.firmwareVersion !== EIGER_FW_VERSION) put('source_eiger_fw_version', d.firmwareVersion);
  put('software_version', facts.software);
  put('data_collection_date', meta.startTime);
  put('frame_count_time', f64(d.countTime_s), 's');
  put('frame_period', f64(d.frameTime_s), 's');
  put('photon_energy', f64(HC_EV_ANGSTROM / meta.beam.wavelength_A), 'eV');
  put('x_pixel_size', f64(d.pixelSize_m[0]), 'm');
  put('y_pixel_size', f64(d.pixelSize_m[1]), 'm');
  if (d.pixelMask) put('number_of_excluded_pixels', u32(countMasked(d.pixelMask)));
  for (const [name, field] of fields) file.dataset(`${base}/${name}`, field.value, field.units ? { units: field.units } : {});
  // Neggia reads the mask here (contiguous uint32) and refuses files without one; with no
  // known mask an all-zero mask says "no pixel excluded", which is what the frames imply.
  file.dataset(`${base}/pixel_mask`, { dtype: 'uint32', shape: [H, W], data: d.pixelMask ?? new Uint32Array(H * W) });
  // NXmx readers (DIALS) look in NXdetector: the same dataset through a soft link, rather than a
  // second 4–18 M-pixel copy that would double the master and the time to write and checksum it.
  if (d.pixelMask) file.softLink(`${DETECTOR}/pixel_mask`, `${base}/pixel_mask`);

  const taken = new Set([...fields.keys(), 'pixel_mask']);
  for (const [key, value] of Object.entries(meta.extras)) {
    if (taken.has(key)) continue;
    const v = extraValue(value);
    if (v === null) continue;
    if (key === '' || key === '.' || key === '..' || key.includes('/') || key.includes('\0')) {
      facts.warn(`extras key ${JSON.stringify(key)} is not a valid HDF5 name; not written`);
      continue;
    }
    file.dataset(`${base}/${key}`, v);
  }
}

function extraValue(value: JsonPrimitive): Hdf5Value | string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return u8(value ? 1 : 0);
  return integerOrFloat(value);
}
