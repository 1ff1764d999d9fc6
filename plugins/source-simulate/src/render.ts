import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import type { Frame } from '@beamstack/contract';
import { PENUMBRA_REACH_PX, beamstopTransmission, shadowEdgeDistance } from './background.js';
import { moduleColumns, moduleRows } from './detectors.js';
import type { SimulationModel } from './model.js';
import { LEVEL_LARGE, poissonTables, samplePoisson } from './poisson.js';
import { Streams, Xoshiro128, seedWords } from './random.js';
import { PROFILE_SIGMAS } from './reflections.js';
import type { SimulatedSpot } from './reflections.js';
import { normalMass } from './special.js';

/** Sub-streams of one frame's noise, so each part draws independent numbers. */
const FrameStream = { background: 0, largeBackground: 1, spots: 2, hotPixels: 3 } as const;

/** Spots whose expected counts on a frame are below this are left out of that frame. */
const MIN_FRAME_COUNTS = 0.05;

/** Renders frame `index` of the series: a pure function of the options and the index. */
export function renderFrame(model: SimulationModel, index: number): Frame {
  const { scene } = model;
  if (!Number.isInteger(index) || index < 0 || index >= scene.options.frames) {
    throw new BeamstackError(ErrorCodes.INPUT, `simulate: frame ${index} is outside the series of ${scene.options.frames}`, {
      stage: 'simulate',
      frame: index,
    });
  }
  const counts = new Uint32Array(scene.width * scene.height);
  const seed = seedWords(scene.options.seed);
  const stream = (part: number): Xoshiro128 => new Xoshiro128([...seed, Streams.frameNoise, index, part]);

  sampleBackground(model, counts, stream(FrameStream.background), stream(FrameStream.largeBackground));
  addSpots(model, index, counts, stream(FrameStream.spots));
  addHotPixels(model, counts, stream(FrameStream.hotPixels));
  applyMask(model, counts);

  const pixels = scene.bits === 16 ? new Uint16Array(counts) : counts;
  return { index, shape: [scene.height, scene.width], dtype: scene.options.dtype, pixels };
}

/** Poisson background on every sensitive pixel, module row by module row. */
function sampleBackground(model: SimulationModel, counts: Uint32Array, random: Xoshiro128, largeRandom: Xoshiro128): void {
  const { scene } = model;
  const { levels, largeMeans } = model.background;
  const { offsets, thresholds } = poissonTables();
  const state = Int32Array.of(random.s0, random.s1, random.s2, random.s3);
  const columns = moduleColumns(scene.geometry);
  const moduleWidth = scene.geometry.moduleWidth;
  for (const row0 of moduleRows(scene.geometry)) {
    for (let row = row0; row < row0 + scene.geometry.moduleHeight; row++) {
      const base = row * scene.width;
      for (const col0 of columns) {
        sampleRun(counts, levels, offsets, thresholds, base + col0, base + col0 + moduleWidth, state);
      }
    }
  }
  if (largeMeans) {
    for (let i = 0; i < levels.length; i++) {
      if (levels[i] === LEVEL_LARGE) counts[i] = Math.min(scene.saturation, samplePoisson(largeMeans[i]!, largeRandom));
    }
  }
}

/**
 * The hot loop: one xoshiro128** step and an inverse-CDF table lookup per pixel, all in int32
 * locals. The first two thresholds are compared without branches (most pixels count 0 or 1, at
 * random, which a branch predictor cannot learn); only counts ≥ 2 walk the table. Pixels marked
 * LEVEL_LARGE are skipped (filled afterwards from their own stream).
 */
function sampleRun(
  counts: Uint32Array,
  levels: Uint16Array,
  offsets: Int32Array,
  thresholds: Int32Array,
  from: number,
  to: number,
  state: Int32Array,
): void {
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  for (let i = from; i < to; i++) {
    const scrambled = Math.imul(s1, 5);
    const word = Math.imul((scrambled << 7) | (scrambled >>> 25), 9) >>> 1;
    const shifted = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= shifted;
    s3 = (s3 << 11) | (s3 >>> 21);
    const level = levels[i]!;
    if (level === LEVEL_LARGE) continue;
    const first = offsets[level]!;
    let count = ((thresholds[first]! - word) >>> 31) + ((thresholds[first + 1]! - word) >>> 31);
    if (count === 2) {
      let position = first + 2;
      while (word > thresholds[position]!) position++;
      count = position - first;
    }
    counts[i] = count;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/** Adds the Bragg spots that rock through this frame. */
function addSpots(model: SimulationModel, index: number, counts: Uint32Array, random: Xoshiro128): void {
  const { scene } = model;
  const low = scene.startAngle_deg + index * scene.oscillation_deg;
  const high = low + scene.oscillation_deg;
  const reflections = model.reflections;
  reflections.forEachNear(low, high, (packed, omegaAbs) => {
    const spot = reflections.spot(packed, omegaAbs);
    const share = normalMass(low, high, spot.omega_deg, spot.sigmaFrames * scene.oscillation_deg);
    const expected = spot.intensity * share;
    if (expected >= MIN_FRAME_COUNTS) drawProfile(model, spot, expected, counts, random);
  });
}

const weightsX = new Float64Array(256);

/**
 * Pixels expecting fewer counts than this are skipped: over a whole profile box that drops at
 * most ~0.1 expected counts per spot, and it keeps the draw cost proportional to the spot's core.
 */
const MIN_PIXEL_COUNTS = 1e-3;

/**
 * Below this many expected counts a spot is drawn photon by photon: a Poisson total whose photons
 * land at Gaussian positions. Splitting a Poisson total at random gives independent Poisson pixel
 * counts with the pixel-integrated means, exactly as the per-pixel path does, at a cost that
 * follows the photons instead of the profile's area (rocking-curve tails are mostly such draws).
 */
const PHOTON_MODE_LIMIT = 40;

/** Pixel-integrated 2-D Gaussian with Poisson counts, shadowed by the beamstop, skipping masked pixels. */
function drawProfile(model: SimulationModel, spot: SimulatedSpot, expected: number, counts: Uint32Array, random: Xoshiro128): void {
  if (expected < PHOTON_MODE_LIMIT) {
    drawPhotons(model, spot, expected, counts, random);
    return;
  }
  const { scene } = model;
  const mask = model.defects.mask;
  const sigma = spot.sigma_px;
  const half = Math.min(120, Math.ceil(PROFILE_SIGMAS * sigma));
  const col0 = Math.max(0, Math.floor(spot.x) - half);
  const col1 = Math.min(scene.width - 1, Math.floor(spot.x) + half);
  const row0 = Math.max(0, Math.floor(spot.y) - half);
  const row1 = Math.min(scene.height - 1, Math.floor(spot.y) + half);
  // Most spots are nowhere near the beamstop: then the transmission is exactly 1.
  const shadowed = shadowEdgeDistance(scene, spot.x, spot.y) < (half + 1) * Math.SQRT2 + PENUMBRA_REACH_PX;
  let peakWeightX = 0;
  for (let col = col0; col <= col1; col++) {
    const weight = normalMass(col, col + 1, spot.x, sigma);
    weightsX[col - col0] = weight;
    if (weight > peakWeightX) peakWeightX = weight;
  }
  for (let row = row0; row <= row1; row++) {
    const rowExpected = expected * normalMass(row, row + 1, spot.y, sigma);
    if (rowExpected * peakWeightX < MIN_PIXEL_COUNTS) continue;
    const base = row * scene.width;
    for (let col = col0; col <= col1; col++) {
      let mean = rowExpected * weightsX[col - col0]!;
      if (mean < MIN_PIXEL_COUNTS) continue;
      const pixel = base + col;
      if (mask[pixel] !== 0) continue;
      if (shadowed) mean *= beamstopTransmission(scene, col + 0.5, row + 0.5);
      const total = counts[pixel]! + samplePoisson(mean, random);
      counts[pixel] = total > scene.saturation ? scene.saturation : total;
    }
  }
}

function drawPhotons(model: SimulationModel, spot: SimulatedSpot, expected: number, counts: Uint32Array, random: Xoshiro128): void {
  const { scene } = model;
  const mask = model.defects.mask;
  const photons = samplePoisson(expected, random);
  const shadowed = spot.transmission < 1 || shadowEdgeDistance(scene, spot.x, spot.y) < 8 * spot.sigma_px + PENUMBRA_REACH_PX;
  for (let n = 0; n < photons; n++) {
    // Box–Muller: both coordinates of one photon from one pair of uniforms.
    const radius = spot.sigma_px * Math.sqrt(-2 * Math.log(random.nextUnit()));
    const angle = 2 * Math.PI * random.nextUnit();
    const col = Math.floor(spot.x + radius * Math.cos(angle));
    const row = Math.floor(spot.y + radius * Math.sin(angle));
    if (col < 0 || col >= scene.width || row < 0 || row >= scene.height) continue;
    const pixel = row * scene.width + col;
    if (mask[pixel] !== 0) continue;
    if (shadowed && random.nextUnit() >= beamstopTransmission(scene, col + 0.5, row + 0.5)) continue;
    if (counts[pixel]! < scene.saturation) counts[pixel] = counts[pixel]! + 1;
  }
}

/** Hot pixels the mask does not flag: large counts on every frame. */
function addHotPixels(model: SimulationModel, counts: Uint32Array, random: Xoshiro128): void {
  const { scene } = model;
  const { unflaggedHot, unflaggedHotRate } = model.defects;
  for (let i = 0; i < unflaggedHot.length; i++) {
    const pixel = unflaggedHot[i]!;
    const total = counts[pixel]! + samplePoisson(unflaggedHotRate[i]! * scene.exposureScale, random);
    counts[pixel] = Math.min(scene.saturation, total);
  }
}

/** pixel_mask_applied: gaps and flagged pixels hold 2^bits − 1. */
function applyMask(model: SimulationModel, counts: Uint32Array): void {
  const { scene } = model;
  const { geometry, width, masked } = scene;
  const rows = moduleRows(geometry);
  const columns = moduleColumns(geometry);
  let nextRow = 0;
  for (const row0 of rows) {
    // Gap rows above this module row: whole image rows.
    if (row0 > nextRow) counts.fill(masked, nextRow * width, row0 * width);
    for (let row = row0; row < row0 + geometry.moduleHeight; row++) {
      const base = row * width;
      let nextCol = 0;
      for (const col0 of columns) {
        if (col0 > nextCol) counts.fill(masked, base + nextCol, base + col0);
        nextCol = col0 + geometry.moduleWidth;
      }
      if (nextCol < width) counts.fill(masked, base + nextCol, base + width);
    }
    nextRow = row0 + geometry.moduleHeight;
  }
  if (nextRow < scene.height) counts.fill(masked, nextRow * width, scene.height * width);
  const flagged = model.defects.flagged;
  for (let i = 0; i < flagged.length; i++) counts[flagged[i]!] = masked;
}
