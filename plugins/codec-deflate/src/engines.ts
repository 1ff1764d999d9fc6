import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import type { ZlibEngine } from './engine.js';
import { fflateEngine } from './fflate-engine.js';
import { CODEC_ID } from './frame.js';
import type { EngineChoice } from './hdf5.js';
import { createNodeEngine, nodeZlib, type ZlibModule } from './node-engine.js';

let nodeEngine: { readonly zlib: ZlibModule; readonly engine: ZlibEngine } | null = null;

/**
 * The engine for an `engine` option: 'auto' = node:zlib when the runtime has it (2-3x faster),
 * else fflate. `zlib` is the runtime's node:zlib (null where there is none); tests pass null to
 * act as a runtime without it.
 */
export function selectEngine(choice: EngineChoice, zlib: ZlibModule | null = nodeZlib()): ZlibEngine {
  switch (choice) {
    case 'fflate':
      return fflateEngine;
    case 'node':
      if (!zlib) {
        throw new BeamstackError(ErrorCodes.OPTIONS, "engine 'node' needs node:zlib, which this runtime does not have", {
          codec: CODEC_ID,
          option: 'engine',
        });
      }
      return nodeEngineFor(zlib);
    case 'auto':
      return zlib ? nodeEngineFor(zlib) : fflateEngine;
    default:
      throw new BeamstackError(ErrorCodes.OPTIONS, `engine must be 'auto', 'node' or 'fflate', got ${String(choice)}`, {
        codec: CODEC_ID,
        option: 'engine',
      });
  }
}

function nodeEngineFor(zlib: ZlibModule): ZlibEngine {
  if (nodeEngine?.zlib !== zlib) nodeEngine = { zlib, engine: createNodeEngine(zlib) };
  return nodeEngine.engine;
}
