// Runs a channel's sends with a small in-flight window: up to `limit` at once, but a unit that
// shares an alert with one in flight (or with an earlier unit still waiting) waits, so one
// alert's messages stay in order while other alerts' go past it.
// `run` must not throw (it records its own failures).

export function runInLanes<T>(
  units: T[],
  limit: number,
  alertsOf: (unit: T) => number[],
  run: (unit: T) => Promise<void>,
): Promise<void> {
  const waiting = units.map((unit) => ({ unit, alerts: alertsOf(unit) }))
  const busy = new Set<number>()
  let running = 0
  return new Promise<void>((resolve) => {
    const startWhatCan = () => {
      // alerts a unit may not pass: in flight, or owned by an earlier unit still waiting
      const blocked = new Set(busy)
      for (let i = 0; i < waiting.length && running < Math.max(1, limit); ) {
        const w = waiting[i]!
        if (w.alerts.some((a) => blocked.has(a))) {
          for (const a of w.alerts) blocked.add(a)
          i++
          continue
        }
        waiting.splice(i, 1)
        running++
        for (const a of w.alerts) {
          busy.add(a)
          blocked.add(a)
        }
        const done = () => {
          running--
          for (const a of w.alerts) busy.delete(a)
          startWhatCan()
        }
        run(w.unit).then(done, done)
      }
      if (running === 0 && waiting.length === 0) resolve()
    }
    startWhatCan()
  })
}
