import { resolve } from 'node:path';
import { verifyBundle, type ChunkDecoder, type FrameDescription, type VerifyReport } from '@beamstack/bundle';
import { BeamstackError, ErrorCodes, pixelCount, type CodecCatalog, type CodecStage } from '@beamstack/contract';
import { loadRegistry } from '../../stack/prepare.js';
import type { Command } from '../command.js';
import { usage } from '../command.js';

/**
 * A ChunkDecoder backed by the loaded codec plugins: HDF5 filter pipelines map to a codec and its
 * params through the codecs' own HDF5 mappings, so any codec plugin that can write a bundle can
 * also check it.
 */
export function catalogDecoder(codecs: CodecCatalog): ChunkDecoder {
  const run = (codec: CodecStage, params: object, bytes: Uint8Array, frame: FrameDescription): void => {
    const pixels = codec.decode(bytes, frame, { options: params as never });
    const expected = pixelCount(frame.shape);
    if (pixels.length !== expected) {
      throw new BeamstackError(ErrorCodes.DECODE, `decoded ${pixels.length} pixels; expected ${expected}`, { codec: codec.id });
    }
  };
  return {
    decode(filters, bytes, frame) {
      const found = codecs.fromHdf5Filters(filters, frame.dtype);
      if (!found) {
        const ids = filters.map((f) => f.id).join(', ');
        throw new BeamstackError(ErrorCodes.DECODE, `no loaded codec decodes the HDF5 filter pipeline [${ids}] for ${frame.dtype}`);
      }
      run(found.codec, found.params, bytes, frame);
    },
    decodeCodec(id, bytes, frame) {
      const codec = codecs.get(id);
      if (!codec) throw new BeamstackError(ErrorCodes.DECODE, `no loaded codec '${id}'`, { codec: id });
      run(codec, {}, bytes, frame);
    },
  };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check an export bundle against its MANIFEST.json: files, sizes, SHA-256, frame counts and links.',
  usage: 'beamstack verify BUNDLE-DIR [--deep] [--json] [--threads N] [--plugin PATH]...',
  details:
    'Every file the manifest lists must be present with its size and SHA-256; nothing else may be in the folder\n' +
    '(leftovers of an interrupted export are reported as partial); frame counts must match the data; every\n' +
    'external link and virtual-dataset source of the NXmx files must resolve to a file of the bundle.\n' +
    '--deep also decodes every chunk (NXmx) or frame file (CBF, with its Content-MD5) using the codec plugins.\n' +
    'Exit code 0 when the bundle is sound; 1 with one line per finding: CODE FILE: MESSAGE.',
  options: [
    { name: 'deep', type: 'boolean', description: 'also read and decode every chunk / frame' },
    { name: 'json', type: 'boolean', description: 'print the report as one JSON object' },
    { name: 'threads', type: 'integer', value: 'N', description: 'threads hashing files (default: cores, at most 4)' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'load a codec plugin from this folder (repeatable; for --deep)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw usage(this, 'expected exactly one BUNDLE-DIR');
    const threads = args.integers.threads;
    if (threads !== undefined && (threads < 1 || threads > 256)) throw usage(this, '--threads: must be from 1 to 256', '--threads');
    const deep = args.flags.deep === true;
    let decoder: ChunkDecoder | undefined;
    if (deep) {
      const registry = await loadRegistry({ cwd: io.cwd, plugins: (args.lists.plugin ?? []).map((p) => resolve(io.cwd, p)) });
      decoder = catalogDecoder(registry.codecs());
    }
    const report = await verifyBundle(resolve(io.cwd, args.positionals[0]!), {
      deep,
      ...(decoder ? { decoder } : {}),
      ...(threads !== undefined ? { threads } : {}),
    });
    io.out(args.flags.json ? JSON.stringify(report) : formatReport(report));
    return report.ok ? 0 : 1;
  },
};

export function formatReport(report: VerifyReport): string {
  const what = `${report.files} files, ${report.frames} frames${report.deep ? ', deep' : ''}`;
  if (report.ok) return `${report.dir}: sound (${what})`;
  return [
    ...report.findings.map((f) => `${f.code}${f.file !== undefined ? ` ${f.file}` : ''}: ${f.message}`),
    `${report.dir}: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${what})`,
  ].join('\n');
}
