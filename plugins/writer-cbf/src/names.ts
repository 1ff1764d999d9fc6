/** `<prefix>_000001.cbf` for frame number 1 (1-based), zero-padded to `digits`. */
export function frameFileName(prefix: string, frameNumber: number, digits: number): string {
  return `${prefix}_${String(frameNumber).padStart(digits, '0')}.cbf`;
}

/** The CIF data block name of a file: its name without ".cbf", restricted to CIF-safe characters. */
export function dataBlockName(fileName: string): string {
  return fileName.replace(/\.cbf$/, '').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);
}

/** True for the frame-file names this prefix produces (any number of digits). */
export function isFrameFileName(prefix: string, name: string): boolean {
  const start = `${prefix}_`;
  return name.startsWith(start) && /^\d+\.cbf$/.test(name.slice(start.length));
}
