/**
 * Detector geometries. An EIGER2 detector is a grid of identical modules separated by fixed
 * inactive gaps; the stored image includes the gaps (DECTRIS writes them as masked pixels).
 */

export const DETECTOR_NAMES = ['eiger-4m', 'eiger-16m', 'eiger-9m', 'eiger-1m', 'eiger-500k', 'small'] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

export interface DetectorGeometry {
  readonly name: DetectorName;
  /** e.g. "Dectris EIGER2 Si 4M (simulated)". */
  readonly description: string;
  readonly serialNumber: string;
  /** Image height (slow) and width (fast) in pixels. */
  readonly height: number;
  readonly width: number;
  readonly moduleHeight: number;
  readonly moduleWidth: number;
  /** Inactive pixels between modules along fast (x) and slow (y). */
  readonly gapX: number;
  readonly gapY: number;
  readonly modulesX: number;
  readonly modulesY: number;
  readonly pixelSize_m: number;
  readonly sensorMaterial: string;
  readonly sensorThickness_m: number;
  /**
   * Where the direct beam hits, as a fraction of width and height. Real beam centres sit near,
   * but not on, the middle (which is a gap on most EIGER sizes); values are checked to fall on
   * sensitive pixels.
   */
  readonly beamFraction: readonly [fast: number, slow: number];
}

/** EIGER module: 1030 x 514 pixels, gaps of 10 px (fast) and 37 px (slow). */
export const EIGER_MODULE = { width: 1030, height: 514, gapX: 10, gapY: 37 } as const;

const PIXEL_SIZE_M = 75e-6;
const SENSOR_THICKNESS_M = 450e-6;

function eiger(name: DetectorName, label: string, serial: string, modulesX: number, modulesY: number): DetectorGeometry {
  return {
    name,
    description: `Dectris EIGER2 Si ${label} (simulated)`,
    serialNumber: serial,
    width: modulesX * EIGER_MODULE.width + (modulesX - 1) * EIGER_MODULE.gapX,
    height: modulesY * EIGER_MODULE.height + (modulesY - 1) * EIGER_MODULE.gapY,
    moduleWidth: EIGER_MODULE.width,
    moduleHeight: EIGER_MODULE.height,
    gapX: EIGER_MODULE.gapX,
    gapY: EIGER_MODULE.gapY,
    modulesX,
    modulesY,
    pixelSize_m: PIXEL_SIZE_M,
    sensorMaterial: 'Si',
    sensorThickness_m: SENSOR_THICKNESS_M,
    beamFraction: [0.4703, 0.4298],
  };
}

const GEOMETRIES: Readonly<Record<DetectorName, DetectorGeometry>> = {
  'eiger-16m': eiger('eiger-16m', '16M', 'E-32-SIM16M', 4, 8),
  'eiger-9m': eiger('eiger-9m', '9M', 'E-32-SIM9M', 3, 6),
  'eiger-4m': eiger('eiger-4m', '4M', 'E-32-SIM4M', 2, 4),
  'eiger-1m': eiger('eiger-1m', '1M', 'E-32-SIM1M', 1, 2),
  'eiger-500k': eiger('eiger-500k', '500K', 'E-32-SIM500K', 1, 1),
  // Two by two tiny "modules" (125 x 123 px) with 6 px and 10 px gaps: one gap cross in 256 x 256.
  small: {
    name: 'small',
    description: 'Dectris EIGER2-like Si test detector 256x256 (simulated)',
    serialNumber: 'E-32-SIMSMALL',
    width: 256,
    height: 256,
    moduleWidth: 125,
    moduleHeight: 123,
    gapX: 6,
    gapY: 10,
    modulesX: 2,
    modulesY: 2,
    pixelSize_m: PIXEL_SIZE_M,
    sensorMaterial: 'Si',
    sensorThickness_m: SENSOR_THICKNESS_M,
    beamFraction: [0.4203, 0.3998],
  },
};

export function detectorGeometry(name: DetectorName): DetectorGeometry {
  return GEOMETRIES[name];
}

/** Start columns (fast) of the modules, left to right. */
export function moduleColumns(geometry: DetectorGeometry): number[] {
  return Array.from({ length: geometry.modulesX }, (_, i) => i * (geometry.moduleWidth + geometry.gapX));
}

/** Start rows (slow) of the modules, top to bottom. */
export function moduleRows(geometry: DetectorGeometry): number[] {
  return Array.from({ length: geometry.modulesY }, (_, j) => j * (geometry.moduleHeight + geometry.gapY));
}

/** True when pixel (column x, row y) lies in an inter-module gap. */
export function isGapPixel(geometry: DetectorGeometry, x: number, y: number): boolean {
  const inX = x % (geometry.moduleWidth + geometry.gapX) < geometry.moduleWidth;
  const inY = y % (geometry.moduleHeight + geometry.gapY) < geometry.moduleHeight;
  return !(inX && inY);
}

/** Beam centre in pixel coordinates (fast, slow); see geometry.ts for the pixel convention. */
export function beamCentre(geometry: DetectorGeometry): [number, number] {
  // Rounded to 1/100 px, as beamlines report it.
  return [
    Math.round(geometry.width * geometry.beamFraction[0] * 100) / 100,
    Math.round(geometry.height * geometry.beamFraction[1] * 100) / 100,
  ];
}
