/**
 * Module layouts dxtbx assumes for Pilatus and Eiger miniCBF files (its FormatPilatusHelpers):
 * a file whose "# Detector:" line names an EIGER, or a PILATUS_1.2 file naming no EIGER, is read
 * with a gap mask computed from these, and fails when the image size is not whole modules.
 */
interface ModuleLayout {
  readonly fast: number;
  readonly slow: number;
  readonly gapFast: number;
  readonly gapSlow: number;
  readonly modulesFast: readonly number[];
}

const PILATUS: ModuleLayout = { fast: 487, slow: 195, gapFast: 7, gapSlow: 17, modulesFast: [1, 3, 5] };
const EIGER_X: ModuleLayout = { fast: 1030, slow: 514, gapFast: 10, gapSlow: 37, modulesFast: [1, 2, 3, 4] };
const EIGER2_X: ModuleLayout = { fast: 1028, slow: 512, gapFast: 12, gapSlow: 38, modulesFast: [1, 2, 3, 4] };
const DATABASE: readonly ModuleLayout[] = [PILATUS, EIGER_X, EIGER2_X];

function widths(l: ModuleLayout): number[] {
  return l.modulesFast.map((n) => l.fast * n + l.gapFast * (n - 1));
}

/** Whole modules with gaps in both directions (Python's divmod rule, at least one module). */
function fits(l: ModuleLayout, size0: number, size1: number): boolean {
  const n0 = Math.floor(size0 / l.fast);
  const n1 = Math.floor(size1 / l.slow);
  return n0 >= 1 && n1 >= 1 && (n0 - 1) * l.gapFast === size0 % l.fast && (n1 - 1) * l.gapSlow === size1 % l.slow;
}

/** dxtbx's FormatCBFMiniEiger can build its gap mask for a width x height image. */
export function dxtbxEigerFits(width: number, height: number): boolean {
  const byWidth = DATABASE.find((l) => widths(l).includes(width));
  if (byWidth) return fits(byWidth, width, height);
  const byHeight = DATABASE.find((l) => widths(l).includes(height));
  return byHeight !== undefined && fits(byHeight, height, width);
}

/** dxtbx's FormatCBFMiniPilatus can build its gap mask for a width x height image. */
export function dxtbxPilatusFits(width: number, height: number): boolean {
  return fits(PILATUS, width, height);
}
