import type { Hdf5Filter } from '@beamstack/contract';

/** The DECTRIS detectorSpecific/compression value for a filter pipeline. */
export function compressionName(filters: readonly Hdf5Filter[], codec: string | null): string {
  if (filters.length === 0) return 'none';
  if (filters.length === 1 && filters[0]!.id === 32008 && filters[0]!.cdValues[4] === 2) return 'bslz4';
  if (filters.length === 1 && filters[0]!.id === 32004) return 'lz4';
  return codec ?? 'unknown';
}

export function sameFilters(a: readonly Hdf5Filter[], b: readonly Hdf5Filter[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((f, i) => {
    const g = b[i]!;
    return f.id === g.id && f.flags === g.flags && f.cdValues.length === g.cdValues.length && f.cdValues.every((v, k) => v === g.cdValues[k]);
  });
}
