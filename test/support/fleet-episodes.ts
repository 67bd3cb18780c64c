// Judges a job's missed-schedule alerts against its successful pings (issue 10's several-
// instances test). A ping is known by when the server received it (`at`, the run's finished_at:
// its deadline counts from there) and when its answer came back (`ackAt`: committed by then).
// The alerts opened between two acknowledgements belong to the gap between those pings:
// - never more than one, and never opened before the gap's deadline;
// - exactly one when the next ping arrived after the deadline (a missed episode), resolved by
//   that ping (at the latest when it was acknowledged), or still active after the last ping;
// - none when the next ping was acknowledged before the deadline.
// A ping received before its deadline but committed after it, or received less than `lagMs`
// after it (alerts may lag the deadline that long), may or may not have an alert.

export interface JudgedPing {
  at: number
  ackAt: number
}

export interface EpisodeAlert {
  openedAt: number
  resolvedAt: number | null
}

export interface EpisodeVerdict {
  problems: string[]
  /** alert opened_at − deadline, per missed episode */
  latencies: number[]
  episodes: number
}

export function judgeEpisodes(
  pings: JudgedPing[],
  alerts: EpisodeAlert[],
  windowMs: number,
  lagMs: number,
): EpisodeVerdict {
  const problems: string[] = []
  const latencies: number[] = []
  let episodes = 0
  const sorted = [...pings].sort((a, b) => a.ackAt - b.ackAt)
  const first = sorted[0]?.ackAt ?? Number.POSITIVE_INFINITY
  const early = alerts.filter((a) => a.openedAt < first)
  if (early.length > 0) problems.push(`${early.length} alerts before the first ping was answered`)
  for (let k = 0; k < sorted.length; k++) {
    const ping = sorted[k]!
    const next = sorted[k + 1]
    const deadline = ping.at + windowMs
    const end = next?.ackAt ?? Number.POSITIVE_INFINITY
    const own = alerts.filter((a) => a.openedAt >= ping.ackAt && a.openedAt < end)
    const label = `gap after ${iso(ping.at)} (deadline ${iso(deadline)})`
    if (own.length > 1) problems.push(`${own.length} alerts for the ${label}`)
    const missed = next === undefined || next.at > deadline + lagMs
    if (missed) episodes++
    if (missed && own.length === 0 && next !== undefined)
      problems.push(`no alert for the ${label}, next ${iso(next.at)}`)
    if (next !== undefined && next.ackAt < deadline && own.length > 0)
      problems.push(`false alert for the ${label}`)
    for (const a of own) {
      if (a.openedAt < deadline)
        problems.push(`alert at ${iso(a.openedAt)} before the deadline of the ${label}`)
      else latencies.push(a.openedAt - deadline)
      if (next === undefined && a.resolvedAt !== null)
        problems.push(`alert of the ${label} resolved without a ping`)
      if (next !== undefined && (a.resolvedAt === null || a.resolvedAt > next.ackAt))
        problems.push(
          `alert of the ${label} not resolved by the next ping (${a.resolvedAt === null ? 'stuck' : iso(a.resolvedAt)})`,
        )
    }
  }
  return { problems, latencies, episodes }
}

function iso(t: number): string {
  return new Date(t).toISOString()
}
