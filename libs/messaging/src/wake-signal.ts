/**
 * Lets a loop sleep until something happens or a timeout passes. A wake that arrives while the loop
 * is busy is remembered, so the loop never sleeps through work that was announced meanwhile.
 */
export class WakeSignal {
  private pending = false;
  private resolve?: () => void;

  wake(): void {
    this.pending = true;
    this.resolve?.();
  }

  /** Resolves true when woken (or a wake was pending), false when the timeout passed in silence. */
  async wait(timeoutMs: number): Promise<boolean> {
    if (!this.pending) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.resolve = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.resolve = undefined;
    }
    const woken = this.pending;
    this.pending = false;
    return woken;
  }
}
