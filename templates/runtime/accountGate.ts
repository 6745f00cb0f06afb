/**
 * Per-account fairness: at most `limit` requests in flight per linked account, the rest wait in
 * arrival order. One busy account can then hold at most `limit` sockets of the shared pool, and
 * another account's call still finds one free.
 */

interface Waiter {
  grant: () => void;
}

interface Lane {
  active: number;
  queue: Waiter[];
}

export class AccountGate {
  readonly limit: number;
  private readonly lanes = new Map<string, Lane>();

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Takes a slot at once when one is free (the hot path: no promise, no allocation). */
  tryAcquire(key: string): boolean {
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { active: 0, queue: [] };
      this.lanes.set(key, lane);
    }
    if (lane.active < this.limit && lane.queue.length === 0) {
      lane.active++;
      return true;
    }
    return false;
  }

  /**
   * Waits for a slot. Resolves `true` once granted, or `false` when `cancelled` settles first
   * (deadline or abort); a cancelled waiter never holds a slot.
   */
  wait(key: string, cancelled: Promise<void>): Promise<boolean> {
    const lane = this.lanes.get(key)!;
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { grant: () => resolve(true) };
      lane.queue.push(waiter);
      void cancelled.then(() => {
        const index = lane.queue.indexOf(waiter);
        if (index === -1) return;
        lane.queue.splice(index, 1);
        resolve(false);
      });
    });
  }

  /** Gives a slot back; the longest waiter gets it. */
  release(key: string): void {
    const lane = this.lanes.get(key);
    if (lane === undefined) return;
    const next = lane.queue.shift();
    if (next !== undefined) {
      next.grant();
      return;
    }
    lane.active--;
    if (lane.active === 0) this.lanes.delete(key);
  }

  /** Requests in flight for `key` (tests, diagnostics). */
  inFlight(key: string): number {
    return this.lanes.get(key)?.active ?? 0;
  }
}
