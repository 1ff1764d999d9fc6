/**
 * Unit conversion for the NXmx fields this source reads. NeXus `units` attributes are free text;
 * the spellings below are the ones seen in DECTRIS, h5py/NeXus and dxtbx test files. Unknown
 * spellings return null so the caller can warn and fall back to the field's customary unit.
 */

const LENGTH_M: Readonly<Record<string, number>> = {
  m: 1, meter: 1, meters: 1, metre: 1, metres: 1,
  cm: 1e-2, centimeter: 1e-2, centimeters: 1e-2,
  mm: 1e-3, millimeter: 1e-3, millimeters: 1e-3, millimetre: 1e-3, millimetres: 1e-3,
  um: 1e-6, 'µm': 1e-6, 'μm': 1e-6, micron: 1e-6, microns: 1e-6, micrometer: 1e-6, micrometers: 1e-6, micrometre: 1e-6,
  nm: 1e-9, nanometer: 1e-9, nanometers: 1e-9,
  pm: 1e-12,
  a: 1e-10, 'å': 1e-10, angstrom: 1e-10, angstroms: 1e-10, ang: 1e-10,
};

const ANGLE_DEG: Readonly<Record<string, number>> = {
  deg: 1, degree: 1, degrees: 1, '°': 1,
  rad: 180 / Math.PI, radian: 180 / Math.PI, radians: 180 / Math.PI,
  mrad: 0.18 / Math.PI,
};

const TIME_S: Readonly<Record<string, number>> = {
  s: 1, sec: 1, second: 1, seconds: 1,
  ms: 1e-3, millisecond: 1e-3, milliseconds: 1e-3,
  us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, microsecond: 1e-6, microseconds: 1e-6,
  ns: 1e-9, nanosecond: 1e-9, nanoseconds: 1e-9,
};

const ENERGY_EV: Readonly<Record<string, number>> = {
  ev: 1, 'electron volt': 1, electronvolt: 1, electronvolts: 1,
  kev: 1e3, mev: 1e6,
  j: 1 / 1.602176634e-19, joule: 1 / 1.602176634e-19,
};

export type Quantity = 'length' | 'angle' | 'time' | 'energy';

const TABLES: Readonly<Record<Quantity, Readonly<Record<string, number>>>> = {
  length: LENGTH_M,
  angle: ANGLE_DEG,
  time: TIME_S,
  energy: ENERGY_EV,
};

/** The factor to the base unit (m, deg, s, eV), or null for spellings we do not know. */
export function unitFactor(quantity: Quantity, units: string): number | null {
  const key = units.trim().toLowerCase();
  // "Å" lower-cases to "å"; keep the exact spelling as a second chance.
  return TABLES[quantity][key] ?? TABLES[quantity][units.trim()] ?? null;
}

/** Pixel units NXdetector uses for beam centres ("pixel", "pixels"). */
export function isPixelUnit(units: string): boolean {
  return /^(pixel|pixels|px)$/i.test(units.trim());
}

/** h·c in eV·Å, for wavelength ↔ photon energy. */
export const HC_EV_ANGSTROM = 12398.419843320026;
