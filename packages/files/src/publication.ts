import type { ErrorContext } from '@beamstack/contract';
import { publishWithoutReplacing } from './publish.js';
import { removeQuietly } from './remove.js';

/** A file written under a temporary name, and the name it gets when published. */
export interface PendingRename {
  readonly tempPath: string;
  readonly finalPath: string;
}

/**
 * The files a writer holds under temporary names until it publishes them together. It remembers
 * what it has published, so a failure part way through can be undone: discard() removes the held
 * temporaries and the files already published.
 */
export class Publication<T extends PendingRename> {
  private readonly pending: T[] = [];
  private readonly published: string[] = [];

  /** `where` goes into the context of publishing errors (the stage). */
  constructor(private readonly where: ErrorContext = {}) {}

  hold(file: T): void {
    this.pending.push(file);
  }

  /** The files held and not yet published, in the order they were held. */
  get held(): readonly T[] {
    return this.pending;
  }

  /**
   * Publishes every held file in the order held, or last held first, without replacing any
   * existing file; then forgets them (a later discard() leaves them alone).
   */
  async publishAll(order: 'asHeld' | 'lastFirst' = 'asHeld'): Promise<void> {
    const files = order === 'lastFirst' ? [...this.pending].reverse() : [...this.pending];
    for (const f of files) {
      await publishWithoutReplacing(f.tempPath, f.finalPath, this.where);
      this.published.push(f.finalPath);
    }
    this.pending.length = 0;
    this.published.length = 0;
  }

  /** Removes the held temporaries and whatever an unfinished publishAll() published. Never throws. */
  async discard(): Promise<void> {
    const published = new Set(this.published);
    await removeQuietly(this.pending.filter((f) => !published.has(f.finalPath)).map((f) => f.tempPath));
    await removeQuietly(this.published);
    this.pending.length = 0;
    this.published.length = 0;
  }
}
