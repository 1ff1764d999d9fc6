import { describe, expect, it } from 'vitest';
import { ErrorCodes, type BeamstackError } from '@beamstack/contract';
import { parseStackFile } from '../src/stack/stack-file.js';

function problem(text: string, label = 'site.yaml'): BeamstackError {
  try {
    parseStackFile(text, label, '/tmp');
  } catch (error) {
    return error as BeamstackError;
  }
  throw new Error('expected the stack file to be refused');
}

describe('stack files', () => {
  it('parses YAML and JSON alike', () => {
    const yaml = parseStackFile('name: a\nworkers: 2\nstages:\n  - use: simulate\n    with: { frames: 3 }\n  - use: nxmx\n', 'a.yaml', '/tmp');
    const json = parseStackFile('{"name":"a","workers":2,"stages":[{"use":"simulate","with":{"frames":3}},{"use":"nxmx"}]}', 'a.json', '/tmp');
    expect(yaml.stages).toEqual(json.stages);
    expect(yaml.workers).toBe(2);
    expect(yaml.stages[1]).toEqual({ use: 'nxmx', with: {} });
  });

  it('resolves plugin paths against the stack file folder', () => {
    const f = parseStackFile('plugins: [./my-plugin]\nstages:\n  - use: a\n  - use: b\n', 's.yaml', '/site/stacks');
    expect(f.plugins).toEqual(['/site/stacks/my-plugin']);
  });

  it('reports YAML syntax errors with line and column', () => {
    const e = problem('stages:\n  - use: a\n   with: [\n');
    expect(e.code).toBe(ErrorCodes.STACK);
    expect(e.message).toMatch(/^site\.yaml:\d+:\d+: /);
  });

  it('reports every structural problem with its path', () => {
    const e = problem('workers: 0\ncolour: red\nstages:\n  - use: 7\n  - uses: nxmx\n  - use: x\n    with: [1]\n');
    expect(e.code).toBe(ErrorCodes.STACK);
    const lines = e.message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'site.yaml: workers: must be an integer >= 1',
        expect.stringMatching(/^site\.yaml: colour: unknown key/),
        'site.yaml: stages[0].use: must be the id of a stage (see `beamstack plugins`)',
        'site.yaml: stages[1].uses: unknown key (known: use, with)',
        'site.yaml: stages[2].with: must be a mapping of options',
      ]),
    );
  });

  it('refuses a file that is not a mapping or has too few stages', () => {
    expect(problem('- a\n- b\n').message).toMatch(/site\.yaml: must be a mapping/);
    expect(problem('stages:\n  - use: a\n').message).toBe('site.yaml: stages: needs at least a source and a writer');
    expect(problem('stages: 3\n').message).toBe('site.yaml: stages: must be a list of stages, from a source to a writer');
  });

  it('refuses duplicate keys instead of silently keeping one', () => {
    expect(problem('name: a\nname: b\nstages: []\n').code).toBe(ErrorCodes.STACK);
  });
});
