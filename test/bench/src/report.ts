/** One line of benchmark output. With --json each is printed as one JSON object per line. */
export interface BenchRecord {
  readonly suite: string;
  readonly case: string;
  /** Megabytes (10^6) of uncompressed pixels per second. */
  readonly mbps: number;
  /** The native baseline for the same case, measured in the same run. */
  readonly native_mbps?: number;
  /** mbps / native_mbps. */
  readonly ratio?: number;
  readonly [extra: string]: string | number | undefined;
}

export class Reporter {
  private readonly rows: BenchRecord[] = [];

  /** True when records are printed as JSON lines (notes then go to stderr). */
  constructor(readonly json: boolean) {}

  add(record: BenchRecord): void {
    const rounded = Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1000) / 1000 : v]),
    ) as BenchRecord;
    this.rows.push(rounded);
    if (this.json) process.stdout.write(`${JSON.stringify(rounded)}\n`);
    else process.stdout.write(`${describe(rounded)}\n`);
  }

  note(text: string): void {
    if (!this.json) process.stdout.write(`  ${text}\n`);
    else process.stderr.write(`${text}\n`);
  }
}

function describe(r: BenchRecord): string {
  const { suite, case: name, mbps, native_mbps, ratio, ...extra } = r;
  const parts = [`${suite} ${name}: ${mbps.toFixed(0)} MB/s`];
  if (native_mbps !== undefined) parts.push(`native ${native_mbps.toFixed(0)} MB/s`);
  if (ratio !== undefined) parts.push(`ratio ${ratio.toFixed(2)}`);
  for (const [k, v] of Object.entries(extra)) parts.push(`${k} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
  return parts.join(', ');
}
