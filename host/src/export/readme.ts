import type { JsonObject } from '@beamstack/contract';

export interface ReadmeFacts {
  readonly format: 'nxmx' | 'cbf';
  readonly input: string;
  readonly sourceFrames: number;
  readonly outputFrames: number;
  readonly shape: readonly [number, number];
  readonly dtype: string;
  readonly codec: string;
  /** nxmx: the master's name; cbf: the first file's name. */
  readonly entry: string;
  /** cbf: the file-name template with ? for digits (XDS style). */
  readonly template: string | null;
  readonly stages: readonly { readonly use: string; readonly plugin: string; readonly options: JsonObject }[];
  readonly created: string;
  readonly tool: string;
}

const STAGE_MEANING: Readonly<Record<string, string>> = {
  select: 'kept these images (1-based image numbers)',
  sum: 'summed consecutive images (oscillation width and exposure multiplied)',
  bin: 'binned pixels (pixel size multiplied; beam centre kept at the same point)',
  roi: 'cropped to a region (beam centre shifted accordingly)',
  mask: 'merged a user mask and set masked pixels to the mask value',
};

/** The plain-text note for whoever receives the bundle: what, how it was made, how to check and use it. */
export function bundleReadme(f: ReadmeFacts): string {
  const reductions = f.stages.filter((s) => STAGE_MEANING[s.use] !== undefined);
  const lines = [
    'beamstack export bundle',
    '=======================',
    '',
    `Made ${f.created} by ${f.tool} from`,
    `  ${f.input}`,
    '',
    'What is inside',
    '--------------',
    f.format === 'nxmx'
      ? `  ${f.entry}  NXmx master (DECTRIS layout): geometry, beam, rotation scan, pixel mask, processing history;\n` +
        `  the *_data_NNNNNN.h5 files hold the images (${f.codec} compressed, one image per chunk).`
      : `  ${f.template ?? f.entry}  one miniCBF file per image (Pilatus convention, byte-offset compressed).`,
    `  ${f.outputFrames} images of ${f.shape[1]} x ${f.shape[0]} pixels (${f.dtype}), from ${f.sourceFrames} recorded images.`,
    '  MANIFEST.json  every file with its size and SHA-256, frame counts, the exact processing chain',
    '                 (plugin versions and options) and the source files with their checksums.',
    '  SHA256SUMS     the same checksums in the format of sha256sum.',
    '',
    'How it was reduced',
    '------------------',
    ...(reductions.length === 0
      ? ['  Not reduced: every recorded image at full size.']
      : reductions.map((s) => `  ${s.use}: ${STAGE_MEANING[s.use]} ${JSON.stringify(s.options)}`)),
    '  Full chain (also recorded inside the files):',
    ...f.stages.map((s, k) => `    ${k + 1}. ${s.use}  ${s.plugin}  ${JSON.stringify(s.options)}`),
    '',
    'How to check it',
    '---------------',
    '  sha256sum -c SHA256SUMS              (any Linux or macOS machine: shasum -a 256 -c SHA256SUMS)',
    '  beamstack verify . --deep            (also checks frame counts, links and decodes every image)',
    '',
    'How to process it',
    '-----------------',
    ...(f.format === 'nxmx'
      ? [
          `  DIALS:  dials.import ${f.entry}   (then dials.find_spots, dials.index, dials.integrate ...)`,
          `  XDS:    generate_XDS.INP ${f.entry}  with LIB= pointing at the durin or neggia plugin,`,
          '          which read the bitshuffle/LZ4 or LZ4 chunks directly.',
        ]
      : [
          `  DIALS:  dials.import ${f.template?.replace(/\?+/, '*') ?? f.entry}`,
          `  XDS:    NAME_TEMPLATE_OF_DATA_FRAMES=${f.template ?? f.entry}`,
        ]),
    '',
  ];
  return lines.join('\n');
}
