import { bytesPerPixel, dtypeInfo, type DetectorMeta } from '@beamstack/contract';
import type { MetaInput } from './context.js';
import { readGeometry } from './geometry.js';
import { under } from './locate.js';
import { readPixelMask } from './mask.js';

/** Documented defaults (README) for a file that states nothing. */
export const DETECTOR_DEFAULTS = {
  sensorMaterial: 'Si',
  sensorThickness_m: 450e-6,
  underloadValue: -1,
} as const;

/** Firmware after which DECTRIS wrote module/data_size fast-first (FORMATS §7.2). */
const DATA_SIZE_FLIP_AFTER = [2022, 1, 2] as const;

export function readDetector(input: MetaInput): DetectorMeta {
  const { fields, paths, dtype } = input;
  const { notes } = fields;
  const det = paths.detector;
  const spec = paths.detectorSpecific;
  const geometry = readGeometry(input);
  const at = (name: string): string | null => under(det, name);
  const atSpec = (name: string): string | null => under(spec, name);

  const time = (paths_: (string | null)[]): number | undefined => {
    for (const p of paths_) {
      const v = fields.quantity(p, 'time', 's');
      if (v !== undefined && v >= 0) return v;
    }
    return undefined;
  };
  const readout = time([at('detector_readout_time')]);
  let count = time([at('count_time'), atSpec('frame_count_time')]);
  let frame = time([at('frame_time'), atSpec('frame_period')]);
  if (readout === undefined) notes.missing('detector_readout_time', '0 s');
  if (count === undefined && frame === undefined) {
    notes.missing('count_time and frame_time', '0 s (unknown)');
    count = frame = 0;
  } else if (count === undefined) {
    notes.missing('count_time', 'frame_time − readout time');
    count = Math.max(0, frame! - (readout ?? 0));
  } else if (frame === undefined) {
    notes.missing('frame_time', 'count_time + readout time');
    frame = count + (readout ?? 0);
  }

  const bits = bytesPerPixel(dtype) * 8;
  const bitDepthImage = integer(fields.num(at('bit_depth_image')) ?? fields.num(atSpec('bit_depth_image')));
  if (bitDepthImage === undefined) notes.missing('bit_depth_image', `${bits} (the stored type)`);
  else if (bitDepthImage !== bits) notes.warn(`bit_depth_image is ${bitDepthImage} but the frames are ${dtype}`, { dataset: at('bit_depth_image') ?? '' });
  const bitDepthReadout = integer(fields.num(at('bit_depth_readout')) ?? fields.num(atSpec('bit_depth_readout')));

  const saturation =
    fields.num(atSpec('countrate_correction_count_cutoff')) ?? fields.num(at('saturation_value')) ?? fields.num(atSpec('saturation_value'));
  const defaultSaturation = dtypeInfo(dtype).max - (dtypeInfo(dtype).signed ? 0 : 1);
  if (saturation === undefined) notes.missing('countrate_correction_count_cutoff / saturation_value', String(defaultSaturation));

  const underload = fields.num(at('underload_value'));
  if (underload === undefined) notes.missing('underload_value', String(DETECTOR_DEFAULTS.underloadValue));

  const threshold = fields.quantity(at('threshold_energy'), 'energy', 'eV') ?? fields.quantity(atSpec('threshold_energy'), 'energy', 'eV');
  if (threshold === undefined) notes.missing('threshold_energy', '0 eV (unknown)');

  const material = fields.str(at('sensor_material'));
  if (material === undefined) notes.missing('sensor_material', DETECTOR_DEFAULTS.sensorMaterial);
  const thickness = fields.quantity(at('sensor_thickness'), 'length', 'm');
  if (thickness === undefined) notes.missing('sensor_thickness', `${DETECTOR_DEFAULTS.sensorThickness_m} m`);

  const pixelMask = readPixelMask(input);
  if (pixelMask === null) notes.missing('pixel_mask', 'none');
  const flag = (name: string): boolean => {
    const v = fields.flag(at(name));
    if (v === undefined) notes.missing(name, 'false');
    return v ?? false;
  };

  // Our writer keeps a source's own firmware string here (it must claim an old one itself).
  const firmware = fields.str(atSpec('source_eiger_fw_version')) ?? fields.str(atSpec('eiger_fw_version'));
  checkShape(input, firmware);

  return {
    description: fields.str(at('description')) ?? missingString(input, 'description'),
    serialNumber: fields.str(at('detector_number')) ?? missingString(input, 'detector_number'),
    sensorMaterial: material ?? DETECTOR_DEFAULTS.sensorMaterial,
    sensorThickness_m: thickness ?? DETECTOR_DEFAULTS.sensorThickness_m,
    pixelSize_m: geometry.pixelSize_m,
    beamCenter_px: geometry.beamCenter_px,
    distance_m: geometry.distance_m,
    countTime_s: count!,
    frameTime_s: frame!,
    readoutTime_s: readout ?? 0,
    saturationValue: saturation ?? defaultSaturation,
    underloadValue: underload ?? DETECTOR_DEFAULTS.underloadValue,
    bitDepthImage: bitDepthImage ?? bits,
    bitDepthReadout: bitDepthReadout ?? bitDepthImage ?? bits,
    thresholdEnergy_eV: threshold ?? 0,
    pixelMask,
    pixelMaskApplied: flag('pixel_mask_applied'),
    countrateCorrectionApplied: flag('countrate_correction_applied'),
    flatfieldCorrectionApplied: flag('flatfield_correction_applied'),
    firmwareVersion: firmware ?? missingString(input, 'eiger_fw_version'),
  };
}

function missingString(input: MetaInput, name: string): string {
  input.fields.notes.missing(name, '""');
  return '';
}

function integer(v: number | undefined): number | undefined {
  return v !== undefined && Number.isInteger(v) && v > 0 && v <= 64 ? v : undefined;
}

/**
 * Cross-checks the frame shape (taken from the frames dataset, never from metadata) against
 * x/y_pixels_in_detector and module/data_size. DECTRIS firmware after 2022.1.2 wrote data_size
 * fast-first; there [W, H] is expected, elsewhere [H, W] (FORMATS §7.2).
 */
function checkShape(input: MetaInput, firmware: string | undefined): void {
  const { fields, paths, shape } = input;
  const [H, W] = shape;
  const w = fields.num(under(paths.detectorSpecific, 'x_pixels_in_detector'));
  const h = fields.num(under(paths.detectorSpecific, 'y_pixels_in_detector'));
  if ((w !== undefined && w !== W) || (h !== undefined && h !== H)) {
    fields.notes.warn(`x/y_pixels_in_detector say ${w ?? '?'} × ${h ?? '?'} but the frames are ${W} × ${H} (W × H); using the frames`, {
      dataset: under(paths.detectorSpecific, 'x_pixels_in_detector') ?? '',
    });
  }
  const sizePath = under(paths.module, 'data_size');
  const size = fields.nums(sizePath);
  if (!size || size.length !== 2 || H === W) return;
  const flipped = firmware !== undefined && firmwareAfter(firmware, DATA_SIZE_FLIP_AFTER);
  const [expected, other] = flipped ? [[W, H], [H, W]] : [[H, W], [W, H]];
  if (size[0] === expected[0] && size[1] === expected[1]) return;
  const note = size[0] === other[0] && size[1] === other[1] ? ' (the other axis order)' : '';
  fields.notes.warn(
    `module/data_size is [${size.join(', ')}]${note}; with firmware ${JSON.stringify(firmware ?? '')} [${expected.join(', ')}] was expected for ${H} × ${W} frames; using the frames' shape`,
    { dataset: sizePath ?? '' },
  );
}

/** "release-2022.1.2", "2023.1.0rc", "1.8.0" → compares the first three numbers. */
export function firmwareAfter(firmware: string, limit: readonly [number, number, number]): boolean {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(firmware);
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== limit[i]!) return v[i]! > limit[i]!;
  }
  return false;
}
