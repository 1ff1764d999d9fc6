import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalProgress } from '../src/progress/progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = new Writable({
    write(chunk: Buffer, _enc, done) {
      s.text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: string };
  s.text = '';
  Object.assign(s, { isTTY });
  return s;
}

describe('progress bar', () => {
  it('draws frames, MB/s and ETA on a terminal, at most 10 times a second, and clears itself', () => {
    const out = stream(true);
    let t = 0;
    const bar = new TerminalProgress(out, () => t).start('default', 100);
    t = 1000;
    bar.update(25, 25e6);
    t = 1050; // too soon: no redraw
    bar.update(26, 26e6);
    t = 2000;
    bar.update(50, 50e6);
    expect(out.text).toContain('25/100 frames  25 MB/s  ETA 3 s');
    expect(out.text).not.toContain('26/100');
    expect(out.text).toContain('50/100 frames  25 MB/s  ETA 2 s');
    expect(out.text).toContain('[############............]');
    bar.done();
    expect(out.text.endsWith('\r')).toBe(true);
  });

  it('prints nothing when the output is not a terminal', () => {
    const out = stream(false);
    const bar = new TerminalProgress(out, () => 5000).start('default', 10);
    bar.update(5, 1e6);
    bar.done();
    expect(out.text).toBe('');
  });
});
