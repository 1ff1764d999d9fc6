import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BeamstackPackageField } from '@beamstack/contract';

/** The parts of a package.json the host reads. */
export interface PackageManifest {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly main?: unknown;
  readonly exports?: unknown;
  readonly beamstack?: unknown;
}

export async function readManifest(dir: string): Promise<PackageManifest | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as PackageManifest) : null;
  } catch {
    return null;
  }
}

export function isBeamstackField(value: unknown): value is BeamstackPackageField {
  if (typeof value !== 'object' || value === null) return false;
  const field = value as Record<string, unknown>;
  return typeof field.contract === 'string' && (field.entry === undefined || typeof field.entry === 'string');
}

/**
 * The module file a package exposes as its main export: `beamstack.entry`, else the import
 * condition of `exports["."]`, else `main`, else index.js.
 */
export function entryOf(manifest: PackageManifest, field: BeamstackPackageField): string {
  if (field.entry) return field.entry;
  const fromExports = mainExport(manifest.exports);
  if (fromExports) return fromExports;
  return typeof manifest.main === 'string' ? manifest.main : 'index.js';
}

function mainExport(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null) return undefined;
  const record = exports as Record<string, unknown>;
  const dot = '.' in record ? record['.'] : record;
  if (typeof dot === 'string') return dot;
  if (typeof dot !== 'object' || dot === null) return undefined;
  const conditions = dot as Record<string, unknown>;
  for (const key of ['import', 'node', 'default']) {
    const target = conditions[key];
    if (typeof target === 'string') return target;
    const nested = mainExport(target);
    if (nested) return nested;
  }
  return undefined;
}
