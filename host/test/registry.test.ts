import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION, ErrorCodes } from '@beamstack/contract';
import { discoverPlugins } from '../src/plugins/discovery.js';
import { PluginRegistry } from '../src/plugins/registry.js';
import { fixture, tempDir } from './helpers.js';

const load = async (paths: string[]): Promise<PluginRegistry> =>
  PluginRegistry.load(await discoverPlugins({ paths, cwd: '/', envPath: '' }));

describe('plugin registry', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('loads plain-JavaScript plugins given by path, with name, version, range and stages', async () => {
    const registry = await load([fixture('counter-source'), fixture('transforms')]);
    expect(registry.refused).toEqual([]);
    const counter = registry.find('counter')!;
    expect(counter.plugin.name).toBe('beamstack-plugin-source-counter');
    expect(counter.plugin.version).toBe('1.2.0');
    expect(counter.plugin.contractRange).toBe('^1.0.0');
    expect(counter.stage.kind).toBe('source');
    expect(registry.stages('transform').map((e) => e.stage.id)).toEqual(['add', 'drop-odd', 'every', 'explode', 'sum', 'tag-index', 'wrong-shape']);
  });

  it('refuses a plugin whose contract range excludes the host, naming plugin, range and host version, without importing it', async () => {
    // The fixture's module throws when imported: being refused cleanly proves it never ran.
    const registry = await load([fixture('incompatible')]);
    expect(registry.plugins).toEqual([]);
    const [refused] = registry.refused;
    expect(refused!.error.code).toBe(ErrorCodes.PLUGIN_INCOMPATIBLE);
    expect(refused!.error.message).toBe(
      `plugin beamstack-plugin-from-the-future@9.0.0 requires contract ^99.0.0, but this host implements contract ${CONTRACT_VERSION}`,
    );
    expect(refused!.error.context.plugin).toBe('beamstack-plugin-from-the-future@9.0.0');
  });

  it('refuses malformed plugins and invalid ranges with their own code', async () => {
    const registry = await load([fixture('malformed'), fixture('bad-range'), '/nonexistent/plugin']);
    expect(registry.refused.map((r) => r.error.code)).toEqual([ErrorCodes.PLUGIN_MALFORMED, ErrorCodes.PLUGIN_MALFORMED, ErrorCodes.PLUGIN_MALFORMED]);
    const [malformed, badRange, missing] = registry.refused.map((r) => r.error.message);
    expect(malformed).toMatch(/stages\[0\] \('Bad Id'\) has id "Bad Id"; ids are lowercase/);
    expect(malformed).toMatch(/has no description/);
    expect(malformed).toMatch(/has no mapMeta\(\) hook/);
    expect(badRange).toMatch(/declares contract range 'latest', which is not a valid semver range/);
    expect(missing).toMatch(/no readable package.json/);
  });

  it('refuses a second plugin that declares an existing stage id, naming both', async () => {
    const registry = await load([fixture('transforms'), fixture('duplicate')]);
    expect(registry.plugins.map((p) => p.name)).toEqual(['beamstack-plugin-transforms-test']);
    const [dup] = registry.refused;
    expect(dup!.error.code).toBe(ErrorCodes.PLUGIN_DUPLICATE);
    expect(dup!.error.message).toMatch(/stage id 'add' of beamstack-plugin-duplicate-add@1.0.0 .* is already provided by beamstack-plugin-transforms-test@0.3.1/);
  });

  it('discovers workspace packages with a beamstack field, once each', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const found = await discoverPlugins({ cwd: root, envPath: '' });
    const dirs = found.map((c) => c.dir);
    expect(new Set(dirs).size).toBe(dirs.length);
    expect(found.filter((c) => c.origin === 'workspace').map((c) => c.dir)).toEqual(
      expect.arrayContaining([join(root, 'plugins', 'codec-bslz4')]),
    );
    // packages without the field (the contract, the host) are not candidates
    expect(dirs).not.toContain(join(root, 'packages', 'contract'));
  });

  it('finds plugins on BEAMSTACK_PLUGIN_PATH and in node_modules of a folder outside any workspace', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    await cp(fixture('transforms'), join(t.dir, 'site-plugins', 'transforms'), { recursive: true });
    await cp(fixture('raw-codec'), join(t.dir, 'project', 'node_modules', 'beamstack-plugin-codec-raw'), { recursive: true });
    const found = await discoverPlugins({ cwd: join(t.dir, 'project'), envPath: join(t.dir, 'site-plugins') });
    expect(found.map((c) => c.origin)).toEqual(['env', 'node_modules']);
    const registry = await PluginRegistry.load(found);
    expect(registry.refused).toEqual([]);
    expect(registry.find('raw-test')?.plugin.origin).toBe('node_modules');
  });

  it('gives codecs to stages through a catalog', async () => {
    const registry = await load([fixture('raw-codec')]);
    const codecs = registry.codecs();
    expect(codecs.get('raw-test')?.kind).toBe('codec');
    expect(codecs.list()).toHaveLength(1);
    expect(codecs.fromHdf5Filters([{ id: 32008, flags: 0, cdValues: [] }], 'uint32')).toBeUndefined();
  });
});
