import { open } from 'node:fs/promises';
import { frameContents, headerPlan, joinRecords, maxCbfFileBytes, parseCbf, parsePilatusLines, RECORD_KEYWORD } from '@beamstack/cbf';
import { contentMd5 } from '@beamstack/codec-byte-offset';
import type { DatasetMeta } from '@beamstack/contract';
import { dataBlockName } from './names.js';
import { PRODUCER } from './prepare.js';
import { STAGE_ID } from './version.js';

/**
 * Checks a frame file left by an earlier run against what this run would write for frame
 * `index` (0-based) under `name`: it parses strictly; its data are int32 of this frame's size and
 * their Content-MD5 matches; its first line, data block, convention and header lines are this
 * run's — except when each step ran (and the writer's own step), which differ between runs.
 * Returns null when the file can be kept, otherwise why not. Never throws.
 */
export async function whyNotKept(path: string, name: string, index: number, meta: DatasetMeta): Promise<string | null> {
  try {
    const [H, W] = meta.shape;
    const bytes = await readBounded(path, maxCbfFileBytes(H * W));
    if (bytes === null) return 'larger than any file of this frame size';
    const parsed = parseCbf(bytes, path);
    const { binary, cif } = parsed;
    if (binary.dtype !== 'int32' || binary.fastest !== W || binary.second !== H) {
      return `it holds ${binary.fastest} x ${binary.second} ${binary.elementType}, this run writes ${W} x ${H} signed 32-bit integer`;
    }
    if (binary.md5 === null) return 'it has no Content-MD5';
    if (contentMd5(parsed.payload) !== binary.md5) return 'its data do not match their Content-MD5';
    const plan = headerPlan(meta);
    if (cif.firstLine !== `###CBF: VERSION 1.5, ${PRODUCER}`) return `written by another producer (${JSON.stringify(cif.firstLine)})`;
    if (cif.dataBlock !== dataBlockName(name) || cif.convention !== plan.identity.convention) return 'its data block or header convention differs';
    if (cif.contents === null) return 'it has no header contents';
    const expected = comparableHeader(frameContents(plan, meta, index));
    const found = comparableHeader(cif.contents);
    if (expected === null || found !== expected) return 'its header differs from this run (other geometry, scan, input or steps)';
    return null;
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The whole file, or null when it is larger than `limit` bytes (never allocated). */
async function readBounded(path: string, limit: number): Promise<Uint8Array | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) return null;
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/**
 * Header lines in a form that is equal for two runs of the same stack: every line as written,
 * except the step records, which are compared without their time and host, and without this
 * writer's step. Null when a step record does not read back.
 */
function comparableHeader(lines: readonly string[]): string | null {
  const plain = lines.filter((l) => !l.trim().startsWith(`# ${RECORD_KEYWORD} `));
  const records = joinRecords(parsePilatusLines(lines).records);
  const other: [string, string][] = [];
  const steps: { n: number; step: unknown }[] = [];
  for (const [label, text] of records) {
    const m = /^step(\d+)$/.exec(label);
    if (!m) {
      other.push([label, text]);
      continue;
    }
    let step: Record<string, unknown>;
    try {
      step = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (step === null || typeof step !== 'object' || step['stage'] === STAGE_ID) continue;
    steps.push({ n: Number(m[1]), step: { plugin: step['plugin'], version: step['version'], stage: step['stage'], options: step['options'] } });
  }
  steps.sort((a, b) => a.n - b.n);
  other.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ plain, other, steps: steps.map((s) => s.step) });
}
