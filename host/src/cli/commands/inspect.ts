import { resolve } from 'node:path';
import { BeamstackError, ErrorCodes, describeContext, type DatasetMeta, type HostContext, type SourceStage } from '@beamstack/contract';
import { StreamLogger } from '../../log/logger.js';
import { validateOptions } from '../../options/validate.js';
import { loadRegistry } from '../../stack/prepare.js';
import type { Command } from '../command.js';
import { usage } from '../command.js';
import { sourceFor } from '../inputs.js';

const MASK_BITS: readonly [number, string][] = [
  [0, 'gap'],
  [1, 'dead'],
  [2, 'under-responding'],
  [3, 'over-responding'],
  [4, 'noisy'],
  [6, 'cluster'],
  [8, 'user'],
  [31, 'virtual'],
];

export interface MaskStatistics {
  readonly masked: number;
  readonly fraction: number;
  readonly byBit: Readonly<Record<string, number>>;
}

export function maskStatistics(mask: Uint32Array | null): MaskStatistics | null {
  if (!mask) return null;
  const byBit: Record<string, number> = {};
  const perBit = new Array<number>(32).fill(0);
  let masked = 0;
  // One indexed pass; only the (few) masked pixels are looked at bit by bit.
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i]!;
    if (v === 0) continue;
    masked++;
    for (let bit = 0; bit < 32; bit++) if ((v >>> bit) & 1) perBit[bit]!++;
  }
  for (const [bit, name] of MASK_BITS) if (perBit[bit]! > 0) byBit[name] = perBit[bit]!;
  return { masked, fraction: mask.length ? masked / mask.length : 0, byBit };
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Describe a dataset: shape, type, compression, frames, files, geometry, scan and pixel-mask statistics.',
  usage: 'beamstack inspect FILE [--dataset PATH] [--json]',
  options: [
    { name: 'dataset', type: 'string', value: 'PATH', description: 'dataset path for non-DECTRIS layouts' },
    { name: 'json', type: 'boolean', description: 'print one JSON object' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'load a plugin from this folder (repeatable)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw usage(this, 'expected exactly one FILE');
    const spec = sourceFor(resolve(io.cwd, args.positionals[0]!), { dataset: args.strings.dataset });
    const registry = await loadRegistry({ cwd: io.cwd, plugins: args.lists.plugin!.map((p) => resolve(io.cwd, p)) });
    const entry = registry.find(spec.use);
    if (!entry || entry.stage.kind !== 'source') throw registry.unknownStageError(spec.use, 'inspect');
    const { value, problems } = validateOptions(entry.stage.options, spec.with, 'inspect');
    if (problems.length) throw new BeamstackError(ErrorCodes.OPTIONS, problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const warnings: string[] = [];
    const ctx: HostContext = {
      log: new StreamLogger('error'),
      baseDir: io.cwd,
      signal: new AbortController().signal,
      codecs: registry.codecs(),
      warn: (m, c) => warnings.push(c ? `${m} (${describeContext(c)})` : m),
    };
    const session = await (entry.stage as SourceStage).open(value, ctx);
    try {
      const report = describeDataset(session.meta, session.encoding?.codec ?? 'none (pixels)', session.encoding?.params ?? {}, warnings);
      io.out(args.flags.json ? JSON.stringify(report) : formatReport(report));
    } finally {
      await session.close?.();
    }
    return 0;
  },
};

function describeDataset(meta: DatasetMeta, codec: string, params: object, warnings: readonly string[]) {
  const d = meta.detector;
  const pixelBytes = meta.shape[0] * meta.shape[1] * (meta.dtype.endsWith('8') ? 1 : meta.dtype.endsWith('16') ? 2 : 4);
  return {
    shape: [meta.frameCount, ...meta.shape],
    dtype: meta.dtype,
    codec,
    codecParams: params,
    frames: meta.frameCount,
    files: meta.provenance.inputs.map((f) => ({ path: f.path, bytes: f.bytes })),
    storedBytes: meta.provenance.inputs.reduce((n, f) => n + f.bytes, 0),
    pixelBytes: pixelBytes * meta.frameCount,
    detector: { description: d.description, serialNumber: d.serialNumber, sensor: `${d.sensorMaterial} ${(d.sensorThickness_m * 1e6).toFixed(0)} µm`, firmware: d.firmwareVersion },
    geometry: {
      pixelSize_um: d.pixelSize_m.map((v) => v * 1e6),
      beamCenter_px: d.beamCenter_px,
      distance_mm: d.distance_m * 1000,
      wavelength_A: meta.beam.wavelength_A,
    },
    scan: { axis: meta.scan.axis, start_deg: meta.scan.start_deg, increment_deg: meta.scan.increment_deg, explicitAngles: meta.scan.angles_deg !== null },
    exposure: { countTime_s: d.countTime_s, frameTime_s: d.frameTime_s },
    saturationValue: d.saturationValue,
    bitDepthImage: d.bitDepthImage,
    mask: maskStatistics(d.pixelMask),
    pixelMaskApplied: d.pixelMaskApplied,
    warnings,
  };
}

function formatReport(r: ReturnType<typeof describeDataset>): string {
  const lines = [
    `shape:     ${r.shape.join(' x ')} (frames x height x width), ${r.dtype}`,
    `codec:     ${r.codec}${Object.keys(r.codecParams).length ? ` ${JSON.stringify(r.codecParams)}` : ''}`,
    `size:      ${(r.pixelBytes / 1e6).toFixed(1)} MB of pixels in ${(r.storedBytes / 1e6).toFixed(1)} MB of files` +
      (r.storedBytes > 0 ? ` (ratio ${(r.pixelBytes / r.storedBytes).toFixed(2)})` : ''),
    `detector:  ${r.detector.description}, S/N ${r.detector.serialNumber}, ${r.detector.sensor}, firmware ${r.detector.firmware}`,
    `geometry:  pixel ${r.geometry.pixelSize_um.map((v) => v.toFixed(1)).join(' x ')} µm, beam centre (${r.geometry.beamCenter_px.map((v) => v.toFixed(2)).join(', ')}) px, ` +
      `distance ${r.geometry.distance_mm.toFixed(2)} mm, wavelength ${r.geometry.wavelength_A.toFixed(5)} Å`,
    `scan:      ${r.scan.axis} from ${r.scan.start_deg}° by ${r.scan.increment_deg}° per frame${r.scan.explicitAngles ? ' (explicit per-frame angles)' : ''}`,
    `exposure:  count time ${Number(r.exposure.countTime_s.toPrecision(6))} s, frame time ${Number(r.exposure.frameTime_s.toPrecision(6))} s; saturation ${r.saturationValue}, ${r.bitDepthImage}-bit`,
    r.mask
      ? `mask:      ${r.mask.masked} masked pixels (${(r.mask.fraction * 100).toFixed(2)} %): ${Object.entries(r.mask.byBit).map(([k, v]) => `${k} ${v}`).join(', ')}` +
        (r.pixelMaskApplied ? '; applied to the data' : '')
      : 'mask:      none',
    'files:',
    ...r.files.map((f) => `  ${f.path}  (${(f.bytes / 1e6).toFixed(1)} MB)`),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}
