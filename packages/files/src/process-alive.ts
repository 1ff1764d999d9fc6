/**
 * Whether process `pid` still runs (on this machine). Signal 0 only checks: ESRCH means gone;
 * EPERM means it exists under another user. Our own pid counts as running.
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  // 0 and negative numbers would address process groups; no real pid is that large.
  if (!Number.isInteger(pid) || pid < 1 || pid > 0x7fff_ffff) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
