import { f64, str, type Hdf5File } from '@beamstack/hdf5';
import { frameAngle, type DatasetMeta } from '@beamstack/contract';

/**
 * NXsample with the rotation scan: one angle per written frame (start of each frame) and its
 * end; the DECTRIS goniometer copy; the older-firmware beam/incident_wavelength location.
 */
export function writeSample(file: Hdf5File, meta: DatasetMeta, frames: number): void {
  const axis = meta.scan.axis;
  const step = meta.scan.increment_deg;
  const start = Array.from({ length: frames }, (_, i) => frameAngle(meta.scan, i));
  const end = start.map((a) => a + step);
  const transformations = '/entry/sample/transformations';
  file.group('/entry/sample', { NX_class: 'NXsample' });
  file.dataset('/entry/sample/name', str(meta.sample.name));
  file.dataset('/entry/sample/depends_on', str(`${transformations}/${axis}`));
  file.group(transformations, { NX_class: 'NXtransformations' });
  file.dataset(`${transformations}/${axis}`, f64(start), {
    units: 'deg',
    transformation_type: 'rotation',
    vector: f64([...meta.scan.vector]),
    offset: f64([0, 0, 0]),
    offset_units: 'mm',
    depends_on: '.',
  });
  file.dataset(`${transformations}/${axis}_end`, f64(end), { units: 'deg' });
  file.dataset(`${transformations}/${axis}_increment_set`, f64(step), { units: 'deg' });

  const gon = '/entry/sample/goniometer';
  file.group(gon, { NX_class: 'NXtransformations' });
  file.dataset(`${gon}/${axis}`, f64(start), { units: 'deg' });
  file.dataset(`${gon}/${axis}_end`, f64(end), { units: 'deg' });
  file.dataset(`${gon}/${axis}_range_average`, f64(step), { units: 'deg' });
  file.dataset(`${gon}/${axis}_range_total`, f64(step * frames), { units: 'deg' });
  file.dataset(`${gon}/${axis}_increment`, f64(step), { units: 'deg' });

  file.group('/entry/sample/beam', { NX_class: 'NXbeam' });
  file.dataset('/entry/sample/beam/incident_wavelength', f64(meta.beam.wavelength_A), { units: 'angstrom' });
}
