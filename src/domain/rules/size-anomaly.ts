// job.size_anomaly (warning): the latest successful backup's size and added bytes against the
// median of the previous successful backups, and "nothing new backed up" on a job that used to
// change. The baseline is kept incrementally (nextSizeFacts), never recomputed from all runs.
import { jobLabel } from '../job-alerts.js'
import { type Policy, SIZE_SAMPLES_KEPT, type SizeSample } from '../policy.js'
import { humanBytes, humanFactor } from './human.js'
import type { Desired, RuleJob } from './rule.js'

/** The median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function runs(n: number): string {
  return n === 1 ? 'run' : `${n} runs`
}

/**
 * `previous`: the previous successful backups, oldest first, without `latest`.
 * `zeroAddedStreak`: successful backups in a row, up to and including `latest`, that added 0
 * bytes (as nextSizeFacts counts it).
 *
 * A size needs policy.sizeAnomaly.minSamples non-null previous sizes (added bytes: as many
 * non-null previous values) and a median above 0. Size: anomaly below low × or above high × the
 * median; added bytes: only above high ×. Nothing new: the latest run added 0 bytes, the streak
 * reached zeroAddedRuns (≥ 1) and an earlier sample added something.
 */
export function sizeAnomalyAlert(
  job: RuleJob,
  previous: SizeSample[],
  latest: SizeSample,
  zeroAddedStreak: number,
  policy: Policy,
): Desired {
  const { low, high, minSamples, zeroAddedRuns } = policy.sizeAnomaly
  const needed = Math.max(1, minSamples)
  const label = jobLabel(job)
  const clauses: string[] = []
  const reasons: string[] = []
  const details: Record<string, unknown> = {
    size_bytes: latest.s,
    added_bytes: latest.a,
    low,
    high,
    min_samples: minSamples,
  }

  const sizes = previous.map((p) => p.s).filter((v): v is number => v !== null)
  if (latest.s !== null && sizes.length >= needed) {
    const m = median(sizes)
    if (m > 0) {
      const ratio = latest.s / m
      details.size_median_bytes = m
      details.size_samples = sizes.length
      details.size_ratio = ratio
      if (latest.s < low * m || latest.s > high * m) {
        reasons.push(latest.s < low * m ? 'size_low' : 'size_high')
        clauses.push(
          `Backup size of ${label} is ${humanBytes(latest.s)}, ${humanFactor(ratio)}× its median of ${humanBytes(m)} over the last ${runs(sizes.length)} (policy: ${humanFactor(low)}–${humanFactor(high)}×)`,
        )
      }
    }
  }

  const added = previous.map((p) => p.a).filter((v): v is number => v !== null)
  if (latest.a !== null && added.length >= needed) {
    const m = median(added)
    if (m > 0) {
      const ratio = latest.a / m
      details.added_median_bytes = m
      details.added_samples = added.length
      details.added_ratio = ratio
      if (latest.a > high * m) {
        reasons.push('added_high')
        const subject = clauses.length === 0 ? `Backup of ${label}` : 'it'
        clauses.push(
          `${subject} added ${humanBytes(latest.a)}, ${humanFactor(ratio)}× its median of ${humanBytes(m)} over the last ${runs(added.length)} (policy: at most ${humanFactor(high)}×)`,
        )
      }
    }
  }

  const usedToChange = previous.some((p) => p.a !== null && p.a > 0)
  if (zeroAddedRuns >= 1 && latest.a === 0 && zeroAddedStreak >= zeroAddedRuns && usedToChange) {
    reasons.push('nothing_added')
    details.zero_added_streak = zeroAddedStreak
    details.zero_added_runs = zeroAddedRuns
    const subject = clauses.length === 0 ? label : 'it'
    clauses.push(
      `${subject} backed up nothing new in the last ${runs(zeroAddedStreak)} (0 bytes added; it used to change)`,
    )
  }

  if (clauses.length === 0) return null
  return { severity: 'warning', summary: clauses.join('; '), details: { reasons, ...details } }
}

/**
 * The size baseline after `latest`: appended, the last SIZE_SAMPLES_KEPT kept; the zero-added
 * streak grows when latest added 0 bytes, resets when it added something, and stays when it
 * did not say.
 */
export function nextSizeFacts(
  previous: SizeSample[],
  latest: SizeSample,
  zeroAddedStreak: number,
): { samples: SizeSample[]; zeroAddedStreak: number } {
  const samples = [...previous, { s: latest.s, a: latest.a }].slice(-SIZE_SAMPLES_KEPT)
  const streak = latest.a === null ? zeroAddedStreak : latest.a === 0 ? zeroAddedStreak + 1 : 0
  return { samples, zeroAddedStreak: streak }
}
