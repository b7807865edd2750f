// A background loop: run a step, again at once while it finds a full batch, otherwise sleep until
// the poll interval passes or someone wakes it. A wake that finds nothing is re-checked shortly
// after, because the nudge may have come before the writer's transaction committed.
import type { Logger } from 'pino';

const FOLLOW_UPS_MS = [5, 20, 60];

export class WorkerLoop {
  #stopped = false;
  #woken = false;
  #timer: NodeJS.Timeout | undefined;
  #resolveSleep: (() => void) | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    /** Returns true when it found a full batch (more work is likely waiting). */
    private readonly step: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#running = this.#loop();
  }

  wake = (): void => {
    this.#woken = true;
    this.#resolveSleep?.();
  };

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#resolveSleep?.();
    await this.#running;
  }

  async #loop(): Promise<void> {
    let followUp = -1;
    while (!this.#stopped) {
      const wasWoken = this.#woken;
      this.#woken = false;
      let full = false;
      let failed = false;
      try {
        full = await this.step();
      } catch (error) {
        failed = true;
        if (!this.#stopped)
          this.logger.error({ err: error, worker: this.name }, 'webhook worker step failed');
      }
      if (this.#stopped) break;
      if (full) continue;
      if (this.#woken) continue;
      if (wasWoken && !failed) followUp = 0;
      const delay =
        followUp >= 0 && followUp < FOLLOW_UPS_MS.length ? FOLLOW_UPS_MS[followUp++] : this.pollMs;
      if (followUp >= FOLLOW_UPS_MS.length) followUp = -1;
      await this.#sleep(failed ? Math.max(this.pollMs, 1000) : (delay as number));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#resolveSleep = () => {
        clearTimeout(this.#timer);
        this.#resolveSleep = undefined;
        resolve();
      };
      this.#timer = setTimeout(() => this.#resolveSleep?.(), ms);
    });
  }
}
