// When silences end: the openings recorded during them for alerts still active (and no longer
// silenced) are sent now, with the alert as it is now. The suppressed row itself becomes due, so
// its idempotency key — and the receiver's deduplication — stay those of the opening.

import { DEFAULT_PROJECT_ID } from '../domain/projects.js'
import { silencing } from '../domain/silence.js'
import type { AlertStore } from '../store/roles/alert-store.js'
import type { SilenceStore } from '../store/roles/silence-store.js'
import type { CoreStore } from '../store/store.js'
import { type AlertViewReads, alertView } from './alert-view.js'
import type { Notification } from './notifier.js'
import type { ChannelRouting } from './routing.js'
import { routeTransition } from './routing.js'

export interface ReleaseOptions {
  /** the channels of every project, each with its project */
  channels: () => (ChannelRouting & { projectId?: number })[]
  baseUrl: () => string
}

/** Handles the silences ended by `now`; returns how many deliveries became due. */
export async function releaseEndedSilences(
  store: CoreStore,
  now: number,
  opts: ReleaseOptions,
): Promise<number> {
  return store.transaction(async (tx) => {
    // compare-and-set: of two processes, one handles a given end
    if ((await tx.markSilencesReleased(now)) === 0) return 0
    return releaseSuppressedOpenings(tx, now, opts)
  })
}

/** Sends the suppressed openings no silence holds back any more (call inside a transaction). */
export async function releaseSuppressedOpenings(
  tx: SilenceStore & AlertStore & AlertViewReads,
  now: number,
  opts: ReleaseOptions,
): Promise<number> {
  const silences = await tx.activeSilences(now)
  const channels = new Map(opts.channels().map((c) => [`${c.projectId ?? DEFAULT_PROJECT_ID}/${c.name}`, c]))
  let released = 0
  for (const row of await tx.suppressedOpenings()) {
    const alert = row.alertId === null ? null : await tx.getAlert(row.alertId)
    const channel = channels.get(`${row.projectId}/${row.channel}`)
    if (alert?.status !== 'active' || !channel) continue
    const view = await alertView(tx, alert, opts.baseUrl())
    const own = silences.filter((s) => s.projectId === alert.projectId)
    if (silencing(view, own, now) !== null) continue
    // routed as if it opened now (the channel's settings may have changed meanwhile)
    if (routeTransition(view, 'opened', [channel]).length === 0) continue
    const before = JSON.parse(row.payload) as Notification
    const payload: Notification = { ...before, alert: view, at: new Date(now).toISOString() }
    if (await tx.releaseSuppressed(row.id, JSON.stringify(payload), now)) released++
  }
  return released
}
