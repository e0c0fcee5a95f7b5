export interface FrameTimer {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameTimer = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Coalesces "new data" signals into at most one draw per animation frame: frames may arrive 20
 * or 100 times a second, the screen is redrawn when it can show it (and not at all in a hidden tab).
 */
export class RedrawScheduler {
  private readonly drawers = new Set<(now: number) => void>();
  private handle: number | null = null;

  constructor(private readonly timer: FrameTimer = animationFrames) {}

  /** Asks for a draw on the next animation frame; extra calls before it are free. */
  markDirty(): void {
    if (this.handle !== null) return;
    this.handle = this.timer.request((now) => {
      this.handle = null;
      for (const draw of this.drawers) draw(now);
    });
  }

  onDraw(draw: (now: number) => void): () => void {
    this.drawers.add(draw);
    return () => this.drawers.delete(draw);
  }

  /** Drops a pending draw (the page is going away); drawers unregister themselves. */
  cancel(): void {
    if (this.handle !== null) this.timer.cancel(this.handle);
    this.handle = null;
  }
}
