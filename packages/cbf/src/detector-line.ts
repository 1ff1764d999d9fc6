import type { DatasetMeta } from '@beamstack/contract';
import { GENERIC_CONVENTION, PILATUS_CONVENTION } from './constants.js';
import { dxtbxEigerFits, dxtbxPilatusFits } from './dxtbx-layout.js';
import { headerText } from './text.js';

/** How a file introduces its detector: the CIF convention and the "# Detector:" line. */
export interface DetectorIdentity {
  readonly convention: string;
  readonly line: string;
  /** True when the line is generic because the real description would mislead dxtbx. */
  readonly generic: boolean;
}

/**
 * dxtbx picks its reader class from the "# Detector:" line and the convention: "EIGER" anywhere
 * in the line → FormatCBFMiniEiger, otherwise PILATUS_1.2 → FormatCBFMiniPilatus; both build a gap
 * mask from module sizes and fail on other image sizes (a crop, a binned frame, a test detector).
 * So the description is kept only where dxtbx can use it; otherwise the file says GENERIC_MINI with
 * a generic detector line (dxtbx's plain FormatCBFMini), and the description travels in the
 * Beamstack meta record.
 */
export function detectorIdentity(meta: DatasetMeta): DetectorIdentity {
  const [height, width] = meta.shape;
  const description = headerText(meta.detector.description || 'unknown detector', 120);
  const serial = headerText(meta.detector.serialNumber || 'unknown', 60);
  const line = `# Detector: ${description}, S/N ${serial}`;
  // dxtbx: "EIGER" (any case) → FormatCBFMiniEiger; "TIMEPIX" → the plain class; else Pilatus.
  const fitsDxtbx = /eiger/i.test(line) ? dxtbxEigerFits(width, height) : /timepix/i.test(line) || dxtbxPilatusFits(width, height);
  if (fitsDxtbx) return { convention: PILATUS_CONVENTION, line, generic: false };
  return { convention: GENERIC_CONVENTION, line: `# Detector: generic pixel array ${width}x${height}, S/N ${serial.replace(/eiger|pilatus|timepix/gi, '?')}`, generic: true };
}
