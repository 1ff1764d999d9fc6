/**
 * The Pilatus "# key value" lines of `_array_data.header_contents`, tokenised the way fabio and
 * dxtbx read them: the keyword is the first word, up to a blank, ':' or '='; the value is the rest
 * of the line without the separators in front. Two lines have their own form: the timestamp
 * ("# 2024-05-01T12:00:00.000") and the sensor line ("# Silicon sensor, thickness 0.000450 m").
 */
export interface PilatusLines {
  readonly timestamp: string | null;
  /** keyword → value text; the first occurrence wins. */
  readonly values: ReadonlyMap<string, string>;
  /** The sensor line, if any: its material word and the rest ("thickness 0.000450 m"). */
  readonly sensor: { readonly material: string; readonly rest: string } | null;
  /** Our machine-readable records ("# Beamstack <label> <chunk>"), in order. */
  readonly records: readonly { readonly label: string; readonly text: string }[];
}

const TIMESTAMP = /^\d{4}[-/]\w{2,3}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;
const SENSOR = /^(\S+)\s+sensor,\s*(.*)$/;
/** Keyword of our own records; never a Pilatus keyword. */
export const RECORD_KEYWORD = 'Beamstack';

export function parsePilatusLines(lines: readonly string[]): PilatusLines {
  let timestamp: string | null = null;
  let sensor: PilatusLines['sensor'] = null;
  const values = new Map<string, string>();
  const records: { label: string; text: string }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line.startsWith('#')) continue;
    const body = line.slice(1).trim();
    if (body === '') continue;
    if (TIMESTAMP.test(body)) {
      timestamp ??= body;
      continue;
    }
    const s = SENSOR.exec(body);
    if (s) {
      sensor ??= { material: s[1]!, rest: s[2]! };
      continue;
    }
    const m = /^([^\s:=]+)[\s:=]*(.*)$/s.exec(body);
    if (!m) continue;
    const keyword = m[1]!;
    const value = m[2]!.trim();
    if (keyword === RECORD_KEYWORD) {
      const r = /^(\S+)\s+(.+)$/.exec(value);
      if (r) records.push({ label: r[1]!, text: r[2]! });
      continue;
    }
    if (!values.has(keyword)) values.set(keyword, value);
  }
  return { timestamp, values, sensor, records };
}
