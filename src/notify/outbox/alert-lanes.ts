// Runs a channel's sends with a small in-flight window: up to `limit` at once, but a send that
// shares an alert with one in flight waits for it, so one alert's messages stay in order.
// Units start in list order; `run` must not throw (it records its own failures).

export async function runInLanes<T>(
  units: T[],
  limit: number,
  alertsOf: (unit: T) => number[],
  run: (unit: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>()
  const byAlert = new Map<number, Promise<void>>()
  for (const unit of units) {
    const alerts = alertsOf(unit)
    for (;;) {
      const blockers = alerts.flatMap((a) => byAlert.get(a) ?? [])
      if (blockers.length > 0) await Promise.all(blockers)
      else if (running.size >= Math.max(1, limit)) await Promise.race(running)
      else break
    }
    const p: Promise<void> = run(unit).finally(() => {
      running.delete(p)
      for (const a of alerts) if (byAlert.get(a) === p) byAlert.delete(a)
    })
    running.add(p)
    for (const a of alerts) byAlert.set(a, p)
  }
  await Promise.all(running)
}
