import { spawnSync } from 'node:child_process';
import { INTEROP_REQUIRED, interopStatus } from '@beamstack/testkit';
import { describe, it } from 'vitest';

/** True when a command is on PATH. */
function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/**
 * `describe` for suites that need fabio (Debian's python) and CBFlib's cif2cbf. Without them the
 * suite is skipped with a loud warning, unless BEAMSTACK_REQUIRE_INTEROP=1, where it fails.
 * (testkit's describeInterop checks Python modules only; this also checks the command.)
 */
export function describeCbfReaders(name: string, body: () => void): void {
  const python = interopStatus(['numpy', 'fabio']);
  const reason = !python.available ? python.reason : !hasCommand('cif2cbf') ? 'cif2cbf (CBFlib, Debian cbflib-bin) is not on PATH' : '';
  if (!reason) {
    describe(name, body);
  } else if (INTEROP_REQUIRED) {
    describe(name, () => {
      it('has fabio and CBFlib (BEAMSTACK_REQUIRE_INTEROP=1)', () => {
        throw new Error(`${reason}; interop tests are required here`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPING interop suite "${name}": ${reason} ***\n`);
    describe.skip(name, body);
  }
}
