import type { H5File } from '../file.js';
import type { ChunkIndexSpec } from '../messages/layout.js';
import { walkChunkBtreeV1 } from './btree-v1.js';
import { walkChunkBtreeV2 } from './btree-v2.js';
import { walkExtensibleArray } from './extensible-array.js';
import { walkFixedArray } from './fixed-array.js';
import { decompose, linearIndex, type ChunkGeometry } from './geometry.js';
import { ChunkTable, type ChunkLocation } from './table.js';

/** Finds the stored chunks of a dataset, whatever index the file uses. */
export interface ChunkLookup {
  get(scaled: readonly number[]): ChunkLocation | null;
  /** Visits every stored chunk inside the current extent (order unspecified). */
  forEach(visit: (scaled: readonly number[], location: ChunkLocation) => void): void;
}

/**
 * Builds the lookup once: walks the index (B-trees, fixed/extensible arrays) into a ChunkTable.
 * Single-chunk and implicit indexes need no walk: their chunk addresses are computed.
 */
export async function buildChunkLookup(file: H5File, index: ChunkIndexSpec, address: number | null, g: ChunkGeometry): Promise<ChunkLookup> {
  if (address === null) return { get: () => null, forEach: () => undefined };
  switch (index.type) {
    case 'single-chunk': {
      const location: ChunkLocation = {
        address,
        size: index.filteredSize ?? g.chunkBytes,
        filterMask: index.filterMask,
      };
      const origin = g.shape.map(() => 0);
      return {
        get: (scaled) => (g.key(scaled) === 0 ? location : null),
        forEach: (visit) => {
          if (g.gridCount > 0) visit(origin, location);
        },
      };
    }
    case 'implicit': {
      // Every chunk of the maximum grid is allocated, in row-major order, from `address` on.
      const allocated = g.maxGrid.reduce((a, b) => a * b, 1) * g.chunkBytes;
      file.physical(address, allocated, 'implicitly indexed chunks');
      const at = (scaled: readonly number[]): ChunkLocation => ({
        address: address + linearIndex(scaled, g.maxGrid) * g.chunkBytes,
        size: g.chunkBytes,
        filterMask: 0,
      });
      return {
        get: (scaled) => (g.key(scaled) < 0 ? null : at(scaled)),
        forEach: (visit) => {
          for (let key = 0; key < g.gridCount; key++) {
            const scaled = decompose(key, g.grid);
            visit(scaled, at(scaled));
          }
        },
      };
    }
    default: {
      const table = new ChunkTable(file, g);
      if (index.type === 'btree-v1') await walkChunkBtreeV1(file, address, g, table);
      else if (index.type === 'btree-v2') await walkChunkBtreeV2(file, address, g, table);
      else if (index.type === 'fixed-array') await walkFixedArray(file, address, g, table);
      else await walkExtensibleArray(file, address, g, index, table);
      return table.finish();
    }
  }
}
