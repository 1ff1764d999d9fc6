import type { CodecStage, PluginDefinition } from '@beamstack/contract';

export declare const delta8: CodecStage<Record<string, never>>;
declare const plugin: PluginDefinition;
export default plugin;
