/** Goniometer axes the Pilatus header has lines for ("# Omega 10 deg.", "# Omega_increment ..."). */
const AXIS_LINES: Readonly<Record<string, string>> = { omega: 'Omega', phi: 'Phi', chi: 'Chi', kappa: 'Kappa' };

export function axisLineName(axis: string): string | null {
  return AXIS_LINES[axis.toLowerCase()] ?? null;
}

/** The scan axis name for a Pilatus keyword ("Omega" → "omega"). */
export function axisFromLineName(name: string): string {
  return name.toLowerCase();
}

export const AXIS_LINE_NAMES: readonly string[] = Object.values(AXIS_LINES);

/**
 * `# Oscillation_axis` from an NXmx (McStas) rotation vector. imgCIF = McStas with x and z
 * negated; "X.CW" is rotation about imgCIF +x, which dxtbx assumes for every miniCBF (McStas
 * −x, the usual omega). Only unit principal axes have a name; null otherwise.
 */
export function oscillationAxis(vector: readonly [number, number, number]): string | null {
  const cif = [-vector[0], vector[1], -vector[2]];
  const names = ['X', 'Y', 'Z'];
  for (let k = 0; k < 3; k++) {
    const others = cif.filter((_, j) => j !== k);
    if (others.every((v) => Math.abs(v) < 1e-9) && Math.abs(Math.abs(cif[k]!) - 1) < 1e-9) return `${names[k]}.${cif[k]! > 0 ? 'CW' : 'CCW'}`;
  }
  return null;
}

/** The McStas vector of an `# Oscillation_axis` value, or null when it is not one we know. */
export function vectorFromOscillationAxis(value: string): [number, number, number] | null {
  const m = /^([XYZ])\.(CW|CCW)$/i.exec(value.trim());
  if (!m) return null;
  const sign = m[2]!.toUpperCase() === 'CW' ? 1 : -1;
  const cif: [number, number, number] = [0, 0, 0];
  cif['XYZ'.indexOf(m[1]!.toUpperCase())] = sign;
  return [-cif[0] || 0, cif[1], -cif[2] || 0];
}
