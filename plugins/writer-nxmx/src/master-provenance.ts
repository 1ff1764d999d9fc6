import { i32, str, u64, type Hdf5File } from '@beamstack/hdf5';
import type { Provenance } from '@beamstack/contract';

/**
 * Processing history: one NXprocess per step (plugin as program, version, date, sequence
 * index, stage, host, options as a JSON NXnote) and an NXcollection of input files with sizes
 * and SHA-256 checksums.
 */
export function writeProvenance(file: Hdf5File, provenance: Provenance): void {
  provenance.steps.forEach((step, k) => {
    const base = `/entry/process_${String(k + 1).padStart(2, '0')}`;
    file.group(base, { NX_class: 'NXprocess' });
    file.dataset(`${base}/program`, str(step.plugin));
    file.dataset(`${base}/version`, str(step.version));
    file.dataset(`${base}/date`, str(step.time));
    file.dataset(`${base}/sequence_index`, i32(k + 1));
    file.dataset(`${base}/stage`, str(step.stage));
    file.dataset(`${base}/host`, str(step.host));
    file.group(`${base}/options`, { NX_class: 'NXnote' });
    file.dataset(`${base}/options/type`, str('application/json'));
    file.dataset(`${base}/options/data`, str(JSON.stringify(step.options)));
  });
  if (provenance.inputs.length === 0) return;
  const inputs = '/entry/input_files';
  file.group(inputs, { NX_class: 'NXcollection' });
  provenance.inputs.forEach((input, k) => {
    const base = `${inputs}/file_${String(k + 1).padStart(2, '0')}`;
    file.group(base, { NX_class: 'NXnote' });
    file.dataset(`${base}/file_name`, str(input.path));
    file.dataset(`${base}/size`, u64(input.bytes), { units: 'byte' });
    file.dataset(`${base}/sha256`, str(input.sha256 ?? ''));
  });
}
