// A clock tests move by hand (the Clock seam of src/kernel/clock.ts); it never advances on its own.
import type { Clock } from '../../src/kernel/clock.js';

/** A clock tests move by hand; it never advances on its own. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
