// The loop both email workers run (sending the outbox, firing notification windows): one pass at a
// time, a kick during a pass runs one more right after it, and each pass says when the next is due.

export class SerialPasses {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  /** `pass` does the work and resolves to how long to sleep before the next one (ms); it never rejects. */
  constructor(private readonly pass: () => Promise<number>) {}

  /** After `close()`: passes stop at their next step. */
  get closed(): boolean {
    return this.stopped;
  }

  /** Runs a pass now, or right after the one under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Also runs a pass after `ms`, besides the scheduled one. */
  wakeAfter(ms: number): void {
    if (this.stopped) return;
    setTimeout(() => this.kick(), ms).unref();
  }

  /** No pass starts after this; resolves when the one under way has ended. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    const wait = await this.pass();
    if (!this.stopped) {
      this.timer = setTimeout(() => this.kick(), Math.max(wait, 10));
      this.timer.unref();
    }
  }
}
