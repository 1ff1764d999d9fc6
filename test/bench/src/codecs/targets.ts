import type { Reporter } from '../report.js';

interface Target {
  readonly what: string;
  readonly value: number;
  readonly goal: number;
  readonly unit: string;
}

/** The issue's performance targets, checked against this run's numbers and printed at the end. */
export class TargetBoard {
  private readonly targets: Target[] = [];

  check(what: string, value: number, goal: number, unit: string): void {
    this.targets.push({ what, value, goal, unit });
  }

  print(report: Reporter): void {
    if (this.targets.length === 0) return;
    report.note('targets:');
    for (const t of this.targets) {
      const met = t.value >= t.goal;
      const line = `${met ? 'MET   ' : 'MISSED'} ${t.what}: ${format(t.value, t.unit)} (target >= ${format(t.goal, t.unit)})`;
      // Text output lists targets as notes; JSON output as records a script can filter on.
      if (report.json) report.add({ suite: 'codecs', case: `target ${t.what}`, mbps: t.unit === 'MB/s' ? t.value : 0, value: t.value, goal: t.goal, unit: t.unit, met: met ? 'yes' : 'no' });
      else report.note(`  ${line}`);
    }
    const missed = this.targets.filter((t) => t.value < t.goal).length;
    report.note(`${this.targets.length - missed} of ${this.targets.length} targets met`);
  }
}

function format(value: number, unit: string): string {
  return unit === 'MB/s' ? `${value.toFixed(0)} MB/s` : `${value.toFixed(2)}${unit.startsWith('x') ? unit : ` ${unit}`}`;
}
