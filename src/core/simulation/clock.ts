// Time for the controllers. The test API server runs them on real timers; `simulate` runs them on a
// virtual clock that jumps from one due timer to the next, so a 10-second readiness delay costs nothing.

export interface Clock {
  now(): number;
  /** runs fn after ms; returns a cancel function */
  schedule(ms: number, fn: () => void): () => void;
}

export class RealClock implements Clock {
  private readonly timers = new Set<NodeJS.Timeout>();

  now(): number { return Date.now(); }

  schedule(ms: number, fn: () => void): () => void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
    return () => { clearTimeout(t); this.timers.delete(t); };
  }

  /** cancels every pending timer (server shutdown) */
  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

interface VirtualTimer { at: number; seq: number; fn: () => void; cancelled: boolean }

export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private queue: VirtualTimer[] = [];

  constructor(start = Date.UTC(2025, 0, 1)) { this.time = start; }

  now(): number { return this.time; }

  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.queue.push(timer);
    return () => { timer.cancelled = true; };
  }

  pending(): number { return this.queue.filter((t) => !t.cancelled).length; }

  /**
   * Fires due timers in time order until none is left or the limits are hit.
   * Returns true when the queue drained (quiescence), false when a limit stopped it.
   */
  run(limits: { maxSteps: number; until?: number }): boolean {
    for (let steps = 0; steps < limits.maxSteps; steps++) {
      this.queue = this.queue.filter((t) => !t.cancelled);
      if (this.queue.length === 0) return true;
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (limits.until !== undefined && next.at > limits.until) return false;
      this.queue.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    return false;
  }
}
