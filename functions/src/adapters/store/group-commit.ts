// Group commit: calls that arrive while one is under way wait and go together in the next, so a burst costs a few calls, not one each.

interface Waiting<Item, Result> {
  readonly item: Item;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A lone call runs at once (no added latency); calls made while it runs are gathered and run as one batch when it
 * ends, and so on. `run` answers every item of a batch, in order, or fails them all. In a burst (calls waiting when
 * a batch ends) batches start at least `spacingMs` apart, so they grow instead of following each other as fast as
 * the service answers: 1 s apart is at most 60 calls a minute, Google's per-user quota, however long the burst.
 */
export class GroupCommit<Item, Result> {
  private running = false;
  private lastStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Waiting<Item, Result>[] = [];

  constructor(
    private readonly run: (items: readonly Item[]) => Promise<readonly Result[]>,
    private readonly spacingMs = 0,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.timer !== undefined || this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    this.running = true;
    this.lastStart = Date.now();
    // The next batch is settled before any caller hears back: a caller's next call, made on hearing, runs at once.
    this.run(batch.map((waiting) => waiting.item)).then(
      (results) => {
        this.settle();
        batch.forEach((waiting, i) => waiting.resolve(results[i] as Result));
      },
      (error: unknown) => {
        this.settle();
        batch.forEach((waiting) => waiting.reject(error));
      },
    );
  }

  /** A batch ended: calls that waited meanwhile run now, or once `spacingMs` have passed since it started. */
  private settle(): void {
    this.running = false;
    const wait = this.lastStart + this.spacingMs - Date.now();
    if (this.queue.length === 0 || wait <= 0) {
      this.next();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.next();
    }, wait);
  }
}
