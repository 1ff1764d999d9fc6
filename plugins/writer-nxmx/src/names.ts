export function masterName(prefix: string): string {
  return `${prefix}_master.h5`;
}

/** DECTRIS numbering: data_000001, data_000002, ... */
export function dataName(prefix: string, fileNumber: number): string {
  return `${prefix}_data_${String(fileNumber).padStart(6, '0')}.h5`;
}

/** True for the master and data-file names this prefix produces. */
export function isOutputName(prefix: string, name: string): boolean {
  if (name === masterName(prefix)) return true;
  const start = `${prefix}_data_`;
  return name.startsWith(start) && /^\d{6,}\.h5$/.test(name.slice(start.length));
}
