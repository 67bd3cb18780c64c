// Judges a job's missed-schedule alerts against the successful pings the database recorded
// (issue 10's several-instances test): each gap longer than every + grace is one episode that
// must have exactly one alert, opened after the deadline and resolved by the next ping; a gap
// clearly shorter must have none. Gaps within `toleranceMs` of the deadline may have either.

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
  pings: number[],
  alerts: EpisodeAlert[],
  windowMs: number,
  toleranceMs: number,
): EpisodeVerdict {
  const problems: string[] = []
  const latencies: number[] = []
  let episodes = 0
  const sorted = [...pings].sort((a, b) => a - b)
  const left = [...alerts].sort((a, b) => a.openedAt - b.openedAt)
  for (let k = 0; k < sorted.length; k++) {
    const from = sorted[k]!
    const to = sorted[k + 1] ?? Number.POSITIVE_INFINITY
    const deadline = from + windowMs
    const inGap = left.filter((a) => a.openedAt > from && a.openedAt <= to)
    if (inGap.length > 1) problems.push(`${inGap.length} alerts for the gap after ${iso(from)}`)
    const missed = to > deadline + toleranceMs
    const kept = to < deadline - toleranceMs
    if (missed) {
      episodes++
      if (inGap.length === 0) problems.push(`no alert for the gap ${iso(from)} → ${iso(to)}`)
    }
    if (kept && inGap.length > 0)
      problems.push(`false alert at ${iso(inGap[0]!.openedAt)} (next ping in time)`)
    for (const a of inGap) {
      if (a.openedAt < deadline)
        problems.push(`alert at ${iso(a.openedAt)} before the deadline ${iso(deadline)}`)
      else if (missed) latencies.push(a.openedAt - deadline)
      if (Number.isFinite(to) && a.resolvedAt === null)
        problems.push(`alert of ${iso(a.openedAt)} stuck open`)
      if (!Number.isFinite(to) && a.resolvedAt !== null)
        problems.push(`alert of ${iso(a.openedAt)} resolved without a ping`)
    }
  }
  const before = left.filter((a) => a.openedAt <= (sorted[0] ?? Number.POSITIVE_INFINITY))
  if (before.length > 0) problems.push(`${before.length} alerts before the first ping`)
  return { problems, latencies, episodes }
}

function iso(t: number): string {
  return new Date(t).toISOString()
}
