/** Progress on stderr: one rewritten line on a terminal, a line every few seconds otherwise. */
export class ProgressLine {
  private lastLine = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly everyMs = 5000) {}

  update(text: string): void {
    const now = Date.now();
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${text}`);
    } else if (now - this.lastLine >= this.everyMs) {
      this.lastLine = now;
      process.stderr.write(`${text}\n`);
    }
  }

  done(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
