import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BeamstackError, ErrorCodes } from '@beamstack/contract';
import { digestFile, type FileDigest } from './hash-core.js';
import type { HashReply } from './hash-messages.js';

const WORKER_URL = new URL('./hash-worker.js', import.meta.url);
/** Hashing is bound by the disk beyond a few threads. */
const MAX_DEFAULT_THREADS = 4;

export type HashOutcome = ({ readonly ok: true } & FileDigest) | { readonly ok: false; readonly message: string; readonly errno: string | null };

/** SHA-256 (lowercase hex) of a file, hashed on this thread. INPUT error naming the file when unreadable. */
export async function sha256File(path: string): Promise<string> {
  try {
    return (await digestFile(path)).sha256;
  } catch (cause) {
    throw readError(path, (cause as Error).message, cause);
  }
}

/**
 * Size and SHA-256 of many files, hashed in parallel in worker threads, each file read once.
 * Rejects with an INPUT error naming the first file that cannot be read.
 */
export async function hashFiles(paths: readonly string[], options: { threads?: number } = {}): Promise<Map<string, { bytes: number; sha256: string }>> {
  const outcomes = await hashFilesSettled(paths, options);
  const digests = new Map<string, { bytes: number; sha256: string }>();
  for (const [path, outcome] of outcomes) {
    if (!outcome.ok) throw readError(path, outcome.message);
    digests.set(path, { bytes: outcome.bytes, sha256: outcome.sha256 });
  }
  return digests;
}

/** Like hashFiles, but an unreadable file is an outcome rather than a rejection (for verify). */
export async function hashFilesSettled(paths: readonly string[], options: { threads?: number } = {}): Promise<Map<string, HashOutcome>> {
  const unique = [...new Set(paths)];
  const threads = Math.min(unique.length, checkThreads(options.threads));
  if (unique.length === 0) return new Map();
  // Running from TypeScript sources (a test runner) there is no compiled worker: hash here.
  if (!existsSync(fileURLToPath(WORKER_URL))) return hashHere(unique);
  return hashInWorkers(unique, threads);
}

function checkThreads(threads: number | undefined): number {
  if (threads === undefined) return Math.max(1, Math.min(MAX_DEFAULT_THREADS, availableParallelism()));
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 256) {
    throw new BeamstackError(ErrorCodes.OPTIONS, `threads must be a whole number from 1 to 256, got ${threads}`, { option: 'threads' });
  }
  return threads;
}

async function hashHere(paths: readonly string[]): Promise<Map<string, HashOutcome>> {
  const outcomes = new Map<string, HashOutcome>();
  for (const path of paths) {
    try {
      outcomes.set(path, { ok: true, ...(await digestFile(path)) });
    } catch (error) {
      outcomes.set(path, { ok: false, message: (error as Error).message, errno: (error as NodeJS.ErrnoException).code ?? null });
    }
  }
  return outcomes;
}

/** Each thread takes the next file when it finishes one, so large and small files balance out. */
async function hashInWorkers(paths: readonly string[], threads: number): Promise<Map<string, HashOutcome>> {
  const outcomes = new Map<string, HashOutcome>();
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let busy = 0;
      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(new BeamstackError(ErrorCodes.INTERNAL, `hash worker failed: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error }));
      };
      const feed = (worker: Worker): void => {
        if (settled) return;
        if (next < paths.length) {
          busy++;
          const id = next++;
          worker.postMessage({ id, path: paths[id] });
        } else if (busy === 0) {
          settled = true;
          resolve();
        }
      };
      for (let t = 0; t < threads; t++) {
        const worker = new Worker(WORKER_URL);
        workers.push(worker);
        worker.on('message', (reply: HashReply) => {
          busy--;
          const path = paths[reply.id]!;
          outcomes.set(path, reply.ok ? { ok: true, bytes: reply.bytes, sha256: reply.sha256 } : { ok: false, message: reply.message, errno: reply.errno });
          feed(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (!settled) fail(new Error(`thread exited with code ${code} before the work was done`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

function readError(path: string, message: string, cause?: unknown): BeamstackError {
  return new BeamstackError(ErrorCodes.INPUT, `cannot hash ${path}: ${message}`, { file: path }, cause === undefined ? undefined : { cause });
}
