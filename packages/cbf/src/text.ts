/**
 * Header text must be plain printable ASCII on one line: dxtbx decodes header lines as ASCII/UTF-8,
 * and a line starting with ';' would end the CIF text field. Anything else becomes '?'.
 */
export function headerText(value: string, maxLength = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 3)}...` : clean;
}

/**
 * JSON in pure printable ASCII without '#': non-ASCII and control characters in strings become
 * \uXXXX escapes (JSON.parse reads them back unchanged), and so does '#', so the text can never
 * form a "# Detector" line or a comment. JSON.stringify adds no blanks of its own.
 */
export function compactJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]|#/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A number as the shortest text that reads back to the same double (JavaScript's own rule), so
 * header values survive a write/read round trip exactly. Python's float() reads every form it
 * produces ("0.000075", "1e-7", "2e+21").
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} into a CBF header`);
  return Object.is(value, -0) ? '0' : String(value);
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A decimal number, strictly (no trailing garbage, no NaN/Infinity); undefined otherwise. */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
