import { BeamstackError } from '@beamstack/contract';
import { expect } from 'vitest';

/** Runs `action` and returns the BeamstackError it throws; fails the test when it throws anything else or nothing. */
export function codedError(action: () => unknown): BeamstackError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(BeamstackError);
    return error as BeamstackError;
  }
  throw new Error('expected a BeamstackError, nothing was thrown');
}

/** Awaits `pending` (or calls it) and returns the BeamstackError it rejects with; fails the test otherwise. */
export async function codedRejection(pending: Promise<unknown> | (() => Promise<unknown>)): Promise<BeamstackError> {
  try {
    await (typeof pending === 'function' ? pending() : pending);
  } catch (error) {
    expect(error).toBeInstanceOf(BeamstackError);
    return error as BeamstackError;
  }
  throw new Error('expected a BeamstackError, the promise resolved');
}
