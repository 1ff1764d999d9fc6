/** Failures of one kind (same signature): how many, the first problem, reproducers written. */
export interface FailureKind {
  count: number;
  readonly example: string;
  readonly files: string[];
}

/**
 * Groups failures by signature and writes reproducers for the first few of each kind (all are
 * counted). Writing runs in the background; `written()` waits for it.
 */
export class FailureKinds<F extends { readonly signature: string; readonly problem: string }> {
  private readonly kinds = new Map<string, FailureKind>();
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly writeReproducer: (failure: F) => Promise<string>,
    private readonly reproducersPerKind: number,
  ) {}

  add(failure: F): void {
    const kind = this.kinds.get(failure.signature) ?? { count: 0, example: failure.problem, files: [] };
    kind.count++;
    this.kinds.set(failure.signature, kind);
    if (kind.files.length < this.reproducersPerKind) this.pending.push(this.writeReproducer(failure).then((path) => void kind.files.push(path)));
  }

  async written(): Promise<void> {
    await Promise.all(this.pending);
  }

  values(): IterableIterator<FailureKind> {
    return this.kinds.values();
  }
}
