import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codecConformance, runChecks } from '../src/index.js';
import { describeCodecConformance } from '../src/vitest.js';
import { delta8 } from '../examples/codec-delta8/index.js';
import { BROKEN } from './broken-codecs.js';

// The example third-party codec passes every check, through the vitest adapter.
describeCodecConformance(delta8);

describe('the README example', () => {
  const root = join(import.meta.dirname, '..');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const file of ['package.json', 'index.js', 'test/conformance.test.js']) {
    it(`shows examples/codec-delta8/${file} verbatim`, () => {
      expect(readme).toContain(readFileSync(join(root, 'examples', 'codec-delta8', file), 'utf8').trimEnd());
    });
  }
});

describe('codec conformance catches broken codecs', () => {
  for (const { codec, check, message, options } of BROKEN) {
    it(`fails '${codec.id}' in a check matching ${check}`, async () => {
      const checks = codecConformance(codec, options).filter((c) => check.test(c.name));
      expect(checks.length).toBeGreaterThan(0);
      const failures = (await runChecks(checks)).filter((r) => !r.ok);
      const messages = failures.map((f) => (f.error as Error).message);
      expect(messages.length, `no check matching ${check} failed for '${codec.id}'`).toBeGreaterThan(0);
      expect(messages.some((m) => message.test(m)), `messages were:\n${messages.join('\n')}`).toBe(true);
    });
  }

  it('reports a metadata failure as a failing check instead of throwing while building the list', async () => {
    const broken = { ...delta8, id: 'Bad Id', dtypes: ['uint12'] } as unknown as typeof delta8;
    const results = await runChecks(codecConformance(broken));
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).toContain('declares an id, a description and the codec hooks');
    expect(failed).toContain('declares the pixel types it takes');
    expect(failed).toContain('has pixel types to test');
  });

  it('is deterministic: the same seed builds the same checks with the same names', () => {
    const names = (seed: number): string[] => codecConformance(delta8, { seed }).map((c) => c.name);
    expect(names(1)).toEqual(names(1));
    expect(new Set(names(1)).size).toBe(names(1).length);
  });
});
