/*
 * Helpers of the codec and LZ4 benchmarks (`@beamstack/testkit/bench`): timing, the native
 * reference timed in Python on the same data, and the BASELINES.md frame.
 */
export { pythonTimings } from './python-timings.js';
export { synthFrame } from './synth-frame.js';
export { formatThroughput, formatWallCpu, measureThroughput, type Throughput, type ThroughputOptions } from './throughput.js';
