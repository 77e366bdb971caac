// Runs feedback jobs one at a time; ordinary requests made while one waits to start share that run.
import type { FeedbackOptions, FeedbackReport } from './feedback.js';

export class FeedbackScheduler {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting: Promise<FeedbackReport> | undefined;
  private pending = 0;

  constructor(private readonly run: (options: FeedbackOptions) => Promise<FeedbackReport>) {}

  /**
   * A run that starts after every earlier one has ended, so two runs never send from the same log
   * state. A dry run only reads, so it runs at once. Runs with options (send now, a limit) are never merged.
   */
  request(options: FeedbackOptions = {}): Promise<FeedbackReport> {
    if (options.dryRun) return this.run(options);
    const ordinary = !options.ignoreHold && options.limit === undefined;
    if (ordinary && this.waiting) return this.waiting;
    this.pending += 1;
    const job = this.tail.then(() => {
      if (this.waiting === job) this.waiting = undefined;
      return this.run(options);
    });
    if (ordinary) this.waiting = job;
    const settle = () => {
      this.pending -= 1;
    };
    this.tail = job.then(settle, settle);
    return job;
  }

  /** Resolves when no run is going or waiting. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
