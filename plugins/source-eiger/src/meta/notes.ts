import type { ErrorContext } from '@beamstack/contract';

/**
 * Collects what open() found lacking or odd while reading metadata, so the user gets one warning
 * listing every defaulted field (a lone data file lacks them all) plus one per inconsistency.
 */
export class Notes {
  private readonly defaults: string[] = [];
  private readonly problems: { message: string; context: ErrorContext }[] = [];

  constructor(private readonly file: string) {}

  /** A missing optional field and the documented default used instead. */
  missing(field: string, used: string): void {
    this.defaults.push(`${field} (using ${used})`);
  }

  /** An inconsistency or an unusual value that was handled. */
  warn(message: string, context: ErrorContext = {}): void {
    this.problems.push({ message, context: { file: this.file, ...context } });
  }

  get defaulted(): readonly string[] {
    return this.defaults;
  }

  /** Sends everything to the host's warning channel. */
  flush(warn: (message: string, context?: ErrorContext) => void): void {
    if (this.defaults.length > 0) {
      warn(`eiger: ${this.defaults.length} metadata field(s) missing, defaults used: ${this.defaults.join('; ')}`, {
        file: this.file,
        stage: 'eiger',
      });
    }
    for (const p of this.problems) warn(`eiger: ${p.message}`, { stage: 'eiger', ...p.context });
    this.defaults.length = 0;
    this.problems.length = 0;
  }
}
