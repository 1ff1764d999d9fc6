import type { Finding, FindingCode } from './types.js';

/** More findings of one kind for one file than this say nothing new; the rest are counted. */
export const MAX_FINDINGS_PER_FILE = 20;
/** Same for one kind over the whole bundle (a folder full of junk, every file truncated). */
export const MAX_FINDINGS_PER_CODE = 500;

/** Collects findings, capping repeats so a wholly corrupt bundle still gives a readable report. */
export class Findings {
  private readonly list: Finding[] = [];
  private readonly perFile = new Map<string, number>();
  private readonly perCode = new Map<FindingCode, number>();

  add(code: FindingCode, file: string | undefined, message: string): void {
    const key = `${code}\u0000${file ?? ''}`;
    const inFile = (this.perFile.get(key) ?? 0) + 1;
    this.perFile.set(key, inFile);
    if (inFile > MAX_FINDINGS_PER_FILE) return;
    const inCode = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, inCode);
    if (inCode <= MAX_FINDINGS_PER_CODE) this.list.push(file === undefined ? { code, message } : { code, file, message });
  }

  get count(): number {
    return this.list.length;
  }

  /** The findings, plus one line for every cap that was hit saying how many were left out. */
  finish(): Finding[] {
    const out = [...this.list];
    for (const [key, n] of this.perFile) {
      if (n <= MAX_FINDINGS_PER_FILE) continue;
      const [code, file] = key.split('\u0000') as [FindingCode, string];
      const message = `${n - MAX_FINDINGS_PER_FILE} more '${code}' findings for this file not shown`;
      out.push(file ? { code, file, message } : { code, message });
    }
    for (const [code, n] of this.perCode) {
      if (n > MAX_FINDINGS_PER_CODE) out.push({ code, message: `${n - MAX_FINDINGS_PER_CODE} more '${code}' findings not shown` });
    }
    return out;
  }
}

/** An error's message without a stack, for a finding. */
export function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const codec = (error as { context?: { codec?: unknown } }).context?.codec;
  return typeof codec === 'string' ? `${error.message} (codec ${codec})` : error.message;
}
