import { isDType, pixelBytes, type CodecStage, type DType, type FrameInfo, type Hdf5Filter, type JsonObject, type PixelArray } from '@beamstack/contract';
import { sameBytes } from './outcome.js';
import { patternPixels } from './patterns.js';
import { fail, type ConformanceCheck } from './check.js';
import { schemaProblems } from './schema.js';

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/** What a codec declares about itself: id, description, kind, hooks, dtypes and option schema. */
export function metadataChecks(codec: CodecStage): ConformanceCheck[] {
  return [
    {
      name: 'declares an id, a description and the codec hooks',
      run() {
        const problems: string[] = [];
        if (typeof codec.id !== 'string' || !ID_PATTERN.test(codec.id)) problems.push(`id ${JSON.stringify(codec.id)} must be lowercase letters, digits and dashes`);
        if (typeof codec.description !== 'string' || codec.description.trim().length < 3) problems.push('description must say what the codec is');
        if (codec.kind !== 'codec') problems.push(`kind is ${JSON.stringify(codec.kind)}, not 'codec' (use defineCodec)`);
        if (typeof codec.encode !== 'function') problems.push('encode is not a function');
        if (typeof codec.decode !== 'function') problems.push('decode is not a function');
        if (problems.length > 0) fail(problems.join('; '));
      },
    },
    {
      name: 'declares the pixel types it takes',
      run() {
        const dtypes: unknown = codec.dtypes;
        if (!Array.isArray(dtypes) || dtypes.length === 0) fail('dtypes must be a non-empty list of pixel types');
        const unknown = dtypes.filter((d) => !isDType(d));
        if (unknown.length > 0) fail(`dtypes holds unknown pixel types: ${JSON.stringify(unknown)}`);
        if (new Set(dtypes).size !== dtypes.length) fail(`dtypes lists a type twice: ${JSON.stringify(dtypes)}`);
      },
    },
    {
      name: 'declares a valid options schema (typed, described, defaults within their constraints)',
      run() {
        const problems = schemaProblems(codec.options);
        if (problems.length > 0) fail(`options schema: ${problems.join('; ')}`);
      },
    },
  ];
}

/** The dtypes a codec declares, or [] when the declaration is unusable (the metadata check says why). */
export function declaredDTypes(codec: CodecStage): DType[] {
  const dtypes: unknown = codec.dtypes;
  return Array.isArray(dtypes) ? [...new Set(dtypes.filter(isDType))] : [];
}

/** Pipelines of other codecs and junk: paramsFromFilters must answer null (or params) and never throw. */
const FOREIGN_PIPELINES: readonly (readonly Hdf5Filter[])[] = [
  [],
  [{ id: 1, flags: 1, cdValues: [1] }],
  [{ id: 2, flags: 1, cdValues: [4] }, { id: 1, flags: 1, cdValues: [6] }],
  [{ id: 32004, flags: 0, cdValues: [] }],
  [{ id: 32004, flags: 0, cdValues: [8192] }],
  [{ id: 32008, flags: 0, cdValues: [0, 3, 4, 0, 2] }],
  [{ id: 32008, flags: 0, cdValues: [] }],
  [{ id: 32008, flags: 1, cdValues: [0, 3, 4, 0, 0] }],
  [{ id: 32001, flags: 1, cdValues: [2, 2, 4, 0, 5, 1, 1] }],
  [{ id: 32015, flags: 1, cdValues: [3] }],
  [{ id: 65000, flags: 0, cdValues: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] }],
];

/** The HDF5 mapping, when the codec has one: filters round-trip to the same params, junk is never claimed by a throw. */
export function hdf5Checks(codec: CodecStage, dtypes: readonly DType[], paramSets: readonly JsonObject[]): ConformanceCheck[] {
  const mapping = codec.hdf5;
  if (mapping === undefined) return [];
  return [
    {
      name: 'hdf5 mapping: filters(dtype, params) → paramsFromFilters gives params for the same pipeline that decode its chunks',
      run() {
        if (typeof mapping.filters !== 'function' || typeof mapping.paramsFromFilters !== 'function') fail('hdf5 must have filters() and paramsFromFilters()');
        for (const dtype of dtypes) {
          for (const params of paramSets) {
            const where = `${dtype} ${JSON.stringify(params)}`;
            const filters = mapping.filters(dtype, params);
            // An empty pipeline is allowed: it means unfiltered chunks (an identity codec).
            if (!Array.isArray(filters)) fail(`filters(${where}) returned ${String(filters)}, not a list of filters`);
            filters.forEach((f, i) => {
              const problem = filterProblem(f);
              if (problem) fail(`filters(${where})[${i}] ${problem}`);
            });
            const back = mapping.paramsFromFilters(filters, dtype);
            if (back === null || typeof back !== 'object') fail(`paramsFromFilters(filters(${where})) returned ${String(back)}: the codec does not recognise its own pipeline`);
            if (canonical(back) !== canonical(params)) {
              // Options HDF5 cannot record (an implementation choice, say) may come back as their
              // defaults, but the params must describe the same pipeline and decode its chunks.
              const again = mapping.filters(dtype, back);
              if (canonical(again) !== canonical(filters)) {
                fail(`paramsFromFilters(filters(${where})) returned ${JSON.stringify(back)}, whose pipeline ${JSON.stringify(again)} differs from ${JSON.stringify(filters)}`);
              }
              decodesWith(codec, dtype, params, back, where);
            }
            const extended = [...filters, { id: 65001, flags: 0, cdValues: [] }];
            if (mapping.paramsFromFilters(extended, dtype) !== null) fail(`paramsFromFilters claims ${where}'s pipeline with an unknown filter appended; it could not decode such chunks`);
          }
        }
      },
    },
    {
      name: 'hdf5 mapping: paramsFromFilters answers null for other pipelines and never throws',
      run() {
        for (const dtype of dtypes) {
          // Only a codec whose own pipeline is empty (no compression) may claim unfiltered chunks.
          const ownsEmpty = paramSets.some((params) => mapping.filters(dtype, params).length === 0);
          for (const pipeline of FOREIGN_PIPELINES) {
            let answer: unknown;
            try {
              answer = mapping.paramsFromFilters(pipeline, dtype);
            } catch (error) {
              fail(`paramsFromFilters(${JSON.stringify(pipeline)}, ${dtype}) threw ${String(error)}; the host asks every codec about every pipeline, so it must answer null`, error);
            }
            if (answer !== null && (typeof answer !== 'object' || Array.isArray(answer))) fail(`paramsFromFilters(${JSON.stringify(pipeline)}, ${dtype}) returned ${String(answer)}, not params or null`);
            if (pipeline.length === 0 && answer !== null && !ownsEmpty) fail(`paramsFromFilters claims the empty pipeline (unfiltered chunks) for ${dtype}, but its own filters are never empty`);
          }
        }
      },
    },
  ];
}

/** A chunk encoded with `params` must decode with the params recovered from its pipeline. */
function decodesWith(codec: CodecStage, dtype: DType, params: JsonObject, recovered: JsonObject, where: string): void {
  const info: FrameInfo = { shape: [19, 23], dtype };
  const pixels = patternPixels('eiger-sparse', dtype, info.shape, 7);
  const chunk = codec.encode(pixels, info, { options: params });
  let decoded: PixelArray;
  try {
    decoded = codec.decode(chunk, info, { options: recovered });
  } catch (error) {
    fail(`a chunk encoded with ${where} does not decode with the params from its pipeline ${JSON.stringify(recovered)}: ${String(error)}`, error);
  }
  if (!sameBytes(pixelBytes(decoded), pixelBytes(pixels))) fail(`a chunk encoded with ${where} decodes to other pixels with the params from its pipeline ${JSON.stringify(recovered)}`);
}

function filterProblem(filter: Hdf5Filter): string | null {
  if (!Number.isInteger(filter?.id) || filter.id < 1 || filter.id > 65535) return `has id ${String(filter?.id)}, not an HDF5 filter id (1..65535)`;
  if (!Number.isInteger(filter.flags) || filter.flags < 0 || filter.flags > 0xffff) return `has flags ${String(filter.flags)}`;
  if (!Array.isArray(filter.cdValues)) return 'has no cdValues list';
  if (filter.cdValues.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) return `has cdValues ${JSON.stringify(filter.cdValues)} that are not unsigned 32-bit integers`;
  if (filter.name !== undefined && typeof filter.name !== 'string') return 'has a name that is not a string';
  return null;
}

/** JSON with sorted keys, so {a,b} and {b,a} compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
