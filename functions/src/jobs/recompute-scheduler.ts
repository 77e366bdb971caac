// Coalesces recompute requests: one run at a time, and every request made during a run is served by one next run.
import type { Logger } from '../ports.js';
import type { RecomputeReport } from './recompute.js';

/** After an accepted submission: recompute before answering, after answering, or not at all. */
export type RecomputeOnSubmit = 'wait' | 'background' | 'off';

export interface AfterSubmitPolicy {
  readonly onSubmit: RecomputeOnSubmit;
  readonly logger: Logger;
  /**
   * In the background, at most one recompute this often (ms): a burst of submissions is regraded once it has
   * passed, instead of the grading engine taking turns with every submission.
   */
  readonly backgroundIntervalMs?: number;
}

export class RecomputeScheduler {
  private running: Promise<RecomputeReport> | undefined;
  private next: Promise<RecomputeReport> | undefined;
  /** A background recompute waiting for its turn. */
  private later: NodeJS.Timeout | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: () => Promise<RecomputeReport>,
    private readonly policy: AfterSubmitPolicy = {
      onSubmit: 'off',
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    },
  ) {}

  /** The recompute an accepted submission calls for; its failure is logged, never turned into a lost submission. */
  async afterSubmit(id: string): Promise<void> {
    if (this.policy.onSubmit === 'off') return;
    if (this.policy.onSubmit === 'background') {
      this.inBackground(id);
      return;
    }
    const logger = this.policy.logger;
    const run = this.request().then(
      () => undefined,
      (error: unknown) =>
        logger.error('recompute after submission failed', {
          id,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
    );
    if (this.policy.onSubmit === 'wait') await run;
  }

  /** A run soon, and never sooner than the background interval after the last one started; later calls share it. */
  private inBackground(id: string): void {
    if (this.later) return;
    const wait = Math.max(0, this.lastStartedAt + (this.policy.backgroundIntervalMs ?? 0) - Date.now());
    const go = () => {
      this.later = undefined;
      this.request().catch((error: unknown) =>
        this.policy.logger.error('recompute after submission failed', {
          id,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
      );
    };
    if (wait === 0) {
      go();
      return;
    }
    this.later = setTimeout(go, wait);
    this.later.unref();
  }

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

  /** Resolves when no run is going or queued (a background run waiting for its turn is started now). */
  async idle(): Promise<void> {
    if (this.later) {
      clearTimeout(this.later);
      this.later = undefined;
      this.request().catch(() => undefined);
    }
    while (this.running || this.next) {
      await (this.next ?? this.running)?.catch(() => undefined);
    }
  }

  private start(): Promise<RecomputeReport> {
    this.next = undefined;
    this.lastStartedAt = Date.now();
    const run = this.run();
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(clear, clear);
    return run;
  }
}
