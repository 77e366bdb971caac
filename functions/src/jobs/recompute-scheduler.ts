// Coalesces recompute requests: one run at a time, and every request made during a run is served by one next run.
import type { RecomputeReport } from './recompute.js';

export class RecomputeScheduler {
  private running: Promise<RecomputeReport> | undefined;
  private next: Promise<RecomputeReport> | undefined;

  constructor(private readonly run: () => Promise<RecomputeReport>) {}

  /**
   * A run that starts after this call, so its result reflects every write made before the call.
   * Requests that arrive while a run is going share the single run that follows it.
   */
  request(): Promise<RecomputeReport> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  /** Resolves when no run is going or queued. */
  async idle(): Promise<void> {
    while (this.running || this.next) {
      await (this.next ?? this.running)?.catch(() => undefined);
    }
  }

  private start(): Promise<RecomputeReport> {
    this.next = undefined;
    const run = this.run();
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(clear, clear);
    return run;
  }
}
