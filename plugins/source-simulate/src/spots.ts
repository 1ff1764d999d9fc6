import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { expectedSpotsPerFrame } from './crystal.js';
import type { Crystal } from './crystal.js';
import { modelFor } from './model.js';
import { resolveSimulateOptions } from './options.js';
import type { SimulateOptionsInput } from './options.js';
import type { SimulatedSpot } from './reflections.js';

export interface SpotRange {
  /** First frame (inclusive) whose peaking spots are listed; default 0. */
  readonly firstFrame?: number;
  /** Last frame (exclusive); default the series length. */
  readonly endFrame?: number;
}

/**
 * The Bragg spots of a series, exactly as `render` draws them: those whose rocking curve peaks in
 * frames [firstFrame, endFrame), ordered by peak frame. Spots peaking just before or after the
 * series also leave counts on its first and last frames; they are not listed. Positions are
 * continuous pixel coordinates (pixel i spans [i, i+1)).
 */
export function simulatedSpots(options: SimulateOptionsInput = {}, range: SpotRange = {}): SimulatedSpot[] {
  const resolved = resolveSimulateOptions(options);
  const first = range.firstFrame ?? 0;
  const end = range.endFrame ?? resolved.frames;
  if (!Number.isInteger(first) || !Number.isInteger(end) || first < 0 || end > resolved.frames || first > end) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `simulatedSpots: frame range [${first}, ${end}) is not inside 0..${resolved.frames}`, {
      stage: 'simulate',
    });
  }
  const model = modelFor(resolved);
  const { scene } = model;
  const spots: SimulatedSpot[] = [];
  // One turn at a time keeps every query window below 360°.
  const turnFrames = Math.max(1, Math.floor(180 / scene.oscillation_deg));
  for (let from = first; from < end; from += turnFrames) {
    const to = Math.min(end, from + turnFrames);
    const low = scene.startAngle_deg + from * scene.oscillation_deg;
    const high = scene.startAngle_deg + to * scene.oscillation_deg;
    model.reflections.forEachNear(low, high, (packed, omegaAbs) => {
      if (omegaAbs < low || omegaAbs >= high) return;
      spots.push(model.reflections.spot(packed, omegaAbs));
    });
  }
  return spots.sort((p, q) => p.frame - q.frame);
}

export interface SimulatedCrystal extends Crystal {
  /** Expected Bragg spots per frame for these options (before masking). */
  readonly expectedSpotsPerFrame: number;
}

/** The crystal behind the spots: cell, orientation matrix, diffraction limit and more. */
export function simulatedCrystal(options: SimulateOptionsInput = {}): SimulatedCrystal {
  const resolved = resolveSimulateOptions(options);
  const crystal = modelFor(resolved).crystal;
  return { ...crystal, expectedSpotsPerFrame: expectedSpotsPerFrame(resolved, crystal) };
}
