import { CIF_LINE_LIMIT } from './constants.js';
import { RECORD_KEYWORD } from './pilatus-header.js';

const LABEL = /^[a-z][a-z0-9-]*$/;

/**
 * A machine-readable record (compactJson text) as Pilatus comment lines that readers ignore:
 * "# Beamstack <name>.<part> <chunk>", each within the CIF line limit. The label as second word
 * keeps fabio from reading a line as one of its keywords and dxtbx from taking a line with two
 * colons for the timestamp. Chunks never start or end with a blank, so trimming lines loses nothing.
 */
export function recordLines(name: string, json: string): string[] {
  if (!LABEL.test(name)) throw new RangeError(`bad record name ${name}`);
  if (json.length === 0 || /^\s|\s$|[\r\n]/.test(json)) throw new RangeError('record text must be one line without blanks at its ends');
  const lines: string[] = [];
  let at = 0;
  for (let part = 1; at < json.length; part++) {
    const prefix = `# ${RECORD_KEYWORD} ${name}.${part} `;
    const room = Math.max(16, CIF_LINE_LIMIT - prefix.length);
    let end = Math.min(json.length, at + room);
    // Move the cut off blanks: no chunk may start or end with one.
    while (end < json.length && end > at + 1 && (json[end - 1] === ' ' || json[end] === ' ')) end--;
    if (end < json.length && (json[end - 1] === ' ' || json[end] === ' ')) {
      return recordLines(name, json.replace(/ /g, '\\u0020'));
    }
    lines.push(prefix + json.slice(at, end));
    at = end;
  }
  return lines;
}

/** Total characters (with CRLF) of these lines. */
export function linesLength(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 2, 0);
}

/**
 * Joins record lines back into one text per name, in part order. Parts that are missing,
 * repeated or out of order make that record unreadable (left out), never wrong.
 */
export function joinRecords(records: readonly { readonly label: string; readonly text: string }[]): Map<string, string> {
  const parts = new Map<string, string[]>();
  const broken = new Set<string>();
  for (const { label, text } of records) {
    const dot = label.lastIndexOf('.');
    const name = label.slice(0, dot);
    const part = Number(label.slice(dot + 1));
    if (dot <= 0 || !LABEL.test(name) || !Number.isInteger(part) || part < 1) continue;
    const list = parts.get(name) ?? [];
    if (part !== list.length + 1) broken.add(name);
    list.push(text);
    parts.set(name, list);
  }
  const out = new Map<string, string>();
  for (const [name, list] of parts) if (!broken.has(name)) out.set(name, list.join(''));
  return out;
}
