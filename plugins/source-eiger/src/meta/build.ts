import type { DatasetMeta } from '@beamstack/contract';
import { readBeam } from './beam.js';
import type { MetaInput } from './context.js';
import { readDetector } from './detector.js';
import { readExtras } from './extras.js';
import { readFacility, readSample, readStartTime } from './misc.js';
import { previousSteps, provenanceInputs } from './provenance.js';
import { readScan } from './scan.js';

/** The complete DatasetMeta of the series from the master's NXmx + DECTRIS fields. */
export function buildMeta(input: MetaInput, inputFiles: readonly string[]): DatasetMeta {
  return {
    frameCount: input.frameCount,
    shape: input.shape,
    dtype: input.dtype,
    detector: readDetector(input),
    beam: readBeam(input),
    scan: readScan(input),
    sample: readSample(input),
    facility: readFacility(input),
    startTime: readStartTime(input),
    provenance: { inputs: provenanceInputs(inputFiles), steps: previousSteps(input) },
    extras: readExtras(input),
  };
}

/** nimages × ntrigger (DECTRIS), the frame count the detector was asked for; undefined if unknown. */
export function expectedFrameCount(input: Pick<MetaInput, 'fields' | 'paths'>): number | undefined {
  const spec = input.paths.detectorSpecific;
  if (spec === null) return undefined;
  const nimages = input.fields.num(`${spec}/nimages`);
  const ntrigger = input.fields.num(`${spec}/ntrigger`) ?? 1;
  if (nimages === undefined || !Number.isSafeInteger(nimages) || !Number.isSafeInteger(ntrigger) || nimages < 0 || ntrigger < 1) return undefined;
  return nimages * ntrigger;
}
