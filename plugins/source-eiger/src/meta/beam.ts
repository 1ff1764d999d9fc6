import type { BeamMeta } from '@beamstack/contract';
import { HC_EV_ANGSTROM } from '../units.js';
import type { MetaInput } from './context.js';
import { under } from './locate.js';

export const DEFAULT_WAVELENGTH_A = 1;

/**
 * Wavelength from NXbeam/incident_wavelength (instrument), else the older-firmware
 * NXsample/beam location, else detectorSpecific/photon_energy; flux from total_flux.
 */
export function readBeam(input: MetaInput): BeamMeta {
  const { fields, paths } = input;
  const sampleBeam = under(paths.sample, 'beam');
  const wavelength = (path: string | null): number | undefined => {
    const values = fields.quantities(path, 'length', 'angstrom');
    if (!values || values.length === 0) return undefined;
    if (values.length > 1) fields.notes.warn(`incident_wavelength holds ${values.length} values; using the first`, { dataset: path ?? '' });
    const a = values[0]! / 1e-10;
    return Number.isFinite(a) && a > 0 ? a : undefined;
  };
  const energy = fields.quantity(under(paths.detectorSpecific, 'photon_energy'), 'energy', 'eV');
  const fromEnergy = energy !== undefined && energy > 0 ? HC_EV_ANGSTROM / energy : undefined;
  let wavelength_A = wavelength(under(paths.beam, 'incident_wavelength')) ?? wavelength(under(sampleBeam, 'incident_wavelength')) ?? fromEnergy;
  if (wavelength_A === undefined) {
    fields.notes.missing('incident_wavelength', `${DEFAULT_WAVELENGTH_A} Å`);
    wavelength_A = DEFAULT_WAVELENGTH_A;
  } else if (fromEnergy !== undefined && Math.abs(fromEnergy - wavelength_A) > 1e-3 * wavelength_A) {
    fields.notes.warn(`incident_wavelength ${wavelength_A} Å disagrees with photon_energy ${energy} eV (${fromEnergy.toFixed(5)} Å); using incident_wavelength`, {
      dataset: under(paths.detectorSpecific, 'photon_energy') ?? '',
    });
  }
  const flux = fields.num(under(paths.beam, 'total_flux'));
  return {
    wavelength_A,
    flux_photons_per_s: flux !== undefined && flux >= 0 ? flux : null,
    polarization: null,
  };
}
