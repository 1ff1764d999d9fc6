import { resolve } from 'node:path';
import { CONTRACT_VERSION, formatError } from '@beamstack/contract';
import { loadRegistry } from '../../stack/prepare.js';
import { HOST_ID } from '../../version.js';
import type { Command } from '../command.js';

export const pluginsCommand: Command = {
  name: 'plugins',
  summary: 'List the plugins this host finds: name, version, stages, declared contract range, and whether they can be used.',
  usage: 'beamstack plugins [--json] [--plugin PATH]...',
  details:
    'Plugins are found, in this order: folders given with --plugin, BEAMSTACK_PLUGIN_PATH, the enclosing\n' +
    'pnpm workspace, then node_modules (of the current folder and of the host). A package is a plugin when\n' +
    'its package.json has a "beamstack": { "contract": "<range>" } field.',
  options: [
    { name: 'json', type: 'boolean', description: 'print the list as one JSON object' },
    { name: 'plugin', type: 'list', value: 'PATH', description: 'also load a plugin from this folder (repeatable)' },
    { name: 'help', type: 'boolean', description: 'show this help' },
  ],
  async run(args, io) {
    const registry = await loadRegistry({ cwd: io.cwd, plugins: args.lists.plugin!.map((p) => resolve(io.cwd, p)) });
    const rows = [
      ...registry.plugins.map((p) => ({
        name: p.name,
        version: p.version,
        kinds: [...new Set(p.stages.map((s) => s.kind))].join(','),
        stages: p.stages.map((s) => s.id).join(','),
        contract: p.contractRange,
        status: 'compatible',
        origin: p.origin,
        dir: p.dir,
      })),
      ...registry.refused.map((r) => ({
        name: r.name ?? '?',
        version: r.version ?? '?',
        kinds: '',
        stages: '',
        contract: r.contractRange ?? '?',
        status: `refused: ${formatError(r.error)}`,
        origin: r.origin,
        dir: r.dir,
      })),
    ];
    if (args.flags.json) {
      io.out(JSON.stringify({ host: HOST_ID, contract: CONTRACT_VERSION, plugins: rows }));
      return 0;
    }
    io.out(`${HOST_ID}, contract ${CONTRACT_VERSION}`);
    const table = [['name', 'version', 'kind', 'stages', 'contract', 'status'], ...rows.map((r) => [r.name, r.version, r.kinds, r.stages, r.contract, r.status])];
    const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (c === 5 ? 0 : r[c]!.length))));
    for (const r of table) io.out(r.map((cell, c) => (c === 5 ? cell : cell.padEnd(widths[c]!))).join('  '));
    return 0;
  },
};
