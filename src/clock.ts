// Time is injected: production uses the system clock, tests a manual one.
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current
  }
  set(at: number): void {
    this.current = at
  }
  advance(ms: number): void {
    this.current += ms
  }
}
