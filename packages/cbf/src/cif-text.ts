import { CBF_MAGIC, CRLF } from './constants.js';
import { cbfInputError } from './errors.js';

/** The CIF part of a miniCBF before its binary section. */
export interface CifText {
  /** First line, e.g. "###CBF: VERSION 1.5, CBFlib v0.7.8 - PILATUS detectors". */
  readonly firstLine: string;
  /** Name after `data_`. */
  readonly dataBlock: string;
  /** `_array_data.header_convention` without quotes, or null. */
  readonly convention: string | null;
  /** Lines of `_array_data.header_contents` (the Pilatus "# key value" lines), or null. */
  readonly contents: readonly string[] | null;
}

export interface CifTextFields {
  /** Rest of the first line after "###CBF: VERSION 1.5, ". */
  readonly producer: string;
  readonly dataBlock: string;
  readonly convention: string;
  readonly contents: readonly string[];
}

/**
 * The text up to (not including) the binary section's first line, laid out as Pilatus detectors
 * and CBFlib write it: CRLF lines, blank lines around the data block name, the header contents as
 * a `;` text field, then `_array_data.data` opening the text field that holds the binary section.
 */
export function buildCifText(f: CifTextFields): string {
  return [
    `${CBF_MAGIC}: VERSION 1.5, ${f.producer}`,
    '',
    `data_${f.dataBlock}`,
    '',
    `_array_data.header_convention "${f.convention}"`,
    '_array_data.header_contents',
    ';',
    ...f.contents,
    ';',
    '',
    '_array_data.data',
    ';',
    '',
  ].join(CRLF);
}

/**
 * Reads the CIF items a miniCBF reader needs from the text before the binary section (decoded as
 * latin1, so any byte is a character). Requires the ###CBF first line, a data block and the
 * `_array_data.data` item; other items and comments are skipped.
 */
export function parseCifText(text: string, file: string): CifText {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const firstLine = lines[0] ?? '';
  if (!firstLine.startsWith(CBF_MAGIC)) throw cbfInputError('not a CBF file: it does not start with "###CBF"', file);
  let dataBlock: string | null = null;
  let convention: string | null = null;
  let contents: string[] | null = null;
  let sawData = false;
  for (let i = 1; i < lines.length && !sawData; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.startsWith(';')) {
      // The text field of an item we do not read: skip to its end.
      i = endOfTextField(lines, i, file, 'a CIF text field') - 1;
      continue;
    }
    if (/^data_/i.test(trimmed)) {
      const name = trimmed.slice(5).split(/\s/)[0]!;
      if (name === '') throw cbfInputError('empty CIF data block name ("data_")', file);
      dataBlock ??= name;
      continue;
    }
    const [item, ...rest] = trimmed.split(/\s+/);
    const value = rest.join(' ');
    switch (item!.toLowerCase()) {
      case '_array_data.header_convention':
        convention = unquote(value !== '' ? value : (lines[i + 1] ?? '').trim());
        if (value === '') i++;
        break;
      case '_array_data.header_contents':
        if (value !== '') {
          contents = [unquote(value)];
        } else if ((lines[i + 1] ?? '').startsWith(';')) {
          const end = endOfTextField(lines, i + 1, file, '_array_data.header_contents');
          const first = lines[i + 1]!.slice(1);
          contents = [...(first.trim() === '' ? [] : [first]), ...lines.slice(i + 2, end - 1)];
          i = end - 1;
        } else {
          throw cbfInputError('_array_data.header_contents has no value', file);
        }
        break;
      case '_array_data.data':
        sawData = true;
        break;
      default:
        break;
    }
  }
  if (dataBlock === null) throw cbfInputError('no CIF data block ("data_...") before the binary section', file);
  if (!sawData) throw cbfInputError('no _array_data.data item before the binary section', file);
  return { firstLine, dataBlock, convention, contents };
}

/** Index just past the line that closes the text field opened at `start` (a line starting with ';'). */
function endOfTextField(lines: readonly string[], start: number, file: string, what: string): number {
  for (let j = start + 1; j < lines.length; j++) if (lines[j]!.startsWith(';')) return j + 1;
  throw cbfInputError(`${what} is not closed by a ';' line before the binary section`, file);
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}
