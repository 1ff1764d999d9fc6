import type { FacilityMeta, SampleMeta } from '@beamstack/contract';
import type { MetaInput } from './context.js';
import { under } from './locate.js';

export const DEFAULT_START_TIME = '1970-01-01T00:00:00.000Z';

export function readFacility(input: MetaInput): FacilityMeta {
  const { fields, paths } = input;
  const sourceName = under(paths.source, 'name');
  const instrumentName = under(paths.instrument, 'name');
  const source = fields.str(sourceName);
  const instrument = fields.str(instrumentName);
  if (source === undefined) fields.notes.missing('source/name', '""');
  if (instrument === undefined) fields.notes.missing('instrument/name', '""');
  return {
    sourceName: source ?? '',
    sourceShortName: fields.attrStr(sourceName, 'short_name') ?? '',
    instrumentName: instrument ?? '',
    instrumentShortName: fields.attrStr(instrumentName, 'short_name') ?? '',
  };
}

export function readSample(input: MetaInput): SampleMeta {
  const name = input.fields.str(under(input.paths.sample, 'name'));
  if (name === undefined) input.fields.notes.missing('sample/name', '""');
  return { name: name ?? '' };
}

/**
 * ISO-8601 UTC start time from /entry/start_time, else detectorSpecific/data_collection_date.
 * A time without zone (DECTRIS data_collection_date) is taken as UTC, with a warning.
 */
export function readStartTime(input: MetaInput): string {
  const { fields, paths } = input;
  for (const path of [under(paths.entry, 'start_time'), under(paths.detectorSpecific, 'data_collection_date')]) {
    const text = fields.str(path)?.trim();
    if (!text) continue;
    const parsed = parseTime(text);
    if (parsed === null) {
      fields.notes.warn(`${JSON.stringify(text)} is not an ISO-8601 time`, { dataset: path ?? '' });
      continue;
    }
    if (!parsed.zoned) fields.notes.warn(`start time ${JSON.stringify(text)} has no time zone; taken as UTC`, { dataset: path ?? '' });
    return parsed.iso;
  }
  fields.notes.missing('start_time', DEFAULT_START_TIME);
  return DEFAULT_START_TIME;
}

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseTime(text: string): { iso: string; zoned: boolean } | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, date, time, zone] = m;
  // Date.parse takes at most millisecond precision reliably; trim longer fractions first.
  const trimmed = time!.replace(/(\.\d{3})\d+$/, '$1');
  const z = zone === undefined ? 'Z' : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${date}T${trimmed}${z}`);
  if (!Number.isFinite(t)) return null;
  return { iso: new Date(t).toISOString(), zoned: zone !== undefined };
}
