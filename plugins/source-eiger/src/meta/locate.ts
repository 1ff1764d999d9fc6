import type { H5wasmFile } from '../h5/h5wasm-file.js';

/** Where the NXmx groups of one entry are (null when absent). */
export interface NxmxPaths {
  readonly entry: string | null;
  readonly instrument: string | null;
  readonly detector: string | null;
  readonly detectorSpecific: string | null;
  readonly module: string | null;
  readonly beam: string | null;
  readonly sample: string | null;
  readonly source: string | null;
}

/**
 * Finds the NXmx groups: the DECTRIS names first (/entry/instrument/detector ...), else the first
 * member of the right NX_class, so NeXus files with other group names work too.
 */
export function locateNxmx(file: H5wasmFile): NxmxPaths {
  const find = (parent: string | null, name: string, nxClass: string): string | null => {
    if (parent === null) return null;
    const preferred = join(parent, name);
    if (file.kind(preferred) === 'group') return preferred;
    for (const child of file.children(parent)) {
      const path = join(parent, child);
      if (file.kind(path) !== 'group') continue;
      if (file.attr(path, 'NX_class') === nxClass) return path;
    }
    return null;
  };
  const entry = findEntry(file);
  const instrument = find(entry, 'instrument', 'NXinstrument');
  const detector = find(instrument, 'detector', 'NXdetector');
  const sample = find(entry, 'sample', 'NXsample');
  return {
    entry,
    instrument,
    detector,
    detectorSpecific: find(detector, 'detectorSpecific', 'NXcollection'),
    module: find(detector, 'module', 'NXdetector_module'),
    beam: find(instrument, 'beam', 'NXbeam'),
    sample,
    source: find(entry, 'source', 'NXsource') ?? find(instrument, 'source', 'NXsource'),
  };
}

/** /entry, else the root's `default` entry, else the first NXentry. */
function findEntry(file: H5wasmFile): string | null {
  if (file.kind('/entry') === 'group') return '/entry';
  const preferred = file.attr('/', 'default');
  if (typeof preferred === 'string' && /^[^/]+$/.test(preferred) && file.kind(`/${preferred}`) === 'group') return `/${preferred}`;
  for (const child of file.children('/')) {
    if (file.kind(`/${child}`) === 'group' && file.attr(`/${child}`, 'NX_class') === 'NXentry') return `/${child}`;
  }
  return null;
}

export function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** `parent/name`, or null when the parent group is absent. */
export function under(parent: string | null, name: string): string | null {
  return parent === null ? null : join(parent, name);
}
