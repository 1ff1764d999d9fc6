/**
 * Hidden, unmistakably unfinished name a file has until it is complete: `.<final>.partial-<pid>`.
 * The pid lets a later run tell a temporary of a killed process from one still being written.
 */
export function temporaryName(finalName: string, pid: number = process.pid): string {
  return `.${finalName}.partial-${pid}`;
}

const TEMPORARY = /^\.(.+)\.partial-(\d{1,10})$/;

/** The final name and writer pid behind a temporary name, or null for any other name. */
export function parseTemporaryName(name: string): { finalName: string; pid: number } | null {
  const m = TEMPORARY.exec(name);
  return m ? { finalName: m[1]!, pid: Number(m[2]) } : null;
}
