// When a job's next success/fail ping is due, from its schedule and its last ping.
import { type CronExpr, nextCronAfter, parseCron } from './cron.js'
import type { Schedule } from './types.js'

const CACHE_LIMIT = 10_000
const parsed = new Map<string, CronExpr>()

/** parseCron with a small cache; throws CronError like parseCron. */
function cronFor(source: string): CronExpr {
  let expr = parsed.get(source)
  if (expr === undefined) {
    expr = parseCron(source)
    // Insertion order makes the first key the oldest entry.
    if (parsed.size >= CACHE_LIMIT) parsed.delete(parsed.keys().next().value!)
    parsed.set(source, expr)
  }
  return expr
}

/** When the next success/fail ping is expected after a ping at lastPingAt. every: lastPingAt + every; cron: first cron instant (in tz) strictly after lastPingAt. null if the cron never fires again. */
export function nextExpectedAt(schedule: Schedule, lastPingAt: number): number | null {
  if ('every' in schedule) return lastPingAt + schedule.every
  return nextCronAfter(cronFor(schedule.cron), schedule.tz, lastPingAt)
}
