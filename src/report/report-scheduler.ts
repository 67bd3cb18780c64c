// Sends the fleet report to every channel that has `fleet_report` (a cron in a zone, or every so
// long), like Healthchecks' monthly reports. A report is an outbox row like any notification,
// keyed by channel and due instant: a restart, or a second instance, never sends one twice. A
// report whose instant passed more than CATCH_UP_MS ago (Backwatch was down) is skipped.
import type { Clock } from '../clock.js'
import { nextCronAfter, parseCron } from '../domain/cron.js'
import type { Logger } from '../log.js'
import type { ProjectChannel } from '../notify/channel-registry.js'
import { scheduledKey } from '../notify/outbox/new-delivery.js'
import type { Store } from '../store/store.js'
import { WakeLoop } from '../wake-loop.js'
import { buildReport } from './build-report.js'
import { reportNotification } from './report-notification.js'

export const CATCH_UP_MS = 3_600_000

/** A channel's `fleet_report`: a cron in a zone, or every so long. */
type FleetReportSchedule = NonNullable<ProjectChannel['fleetReport']>

export interface ReportSchedulerOptions {
  store: Store
  clock: Clock
  log: Logger
  channels: () => ProjectChannel[]
  baseUrl: () => string
  instance: string
  onEnqueued: () => void
  maxSleepMs?: number
}

/** The latest instant of the schedule at or before `now`, if within the catch-up window. */
export function dueInstant(s: FleetReportSchedule, now: number): number | null {
  let last: number | null = null
  if ('every' in s) last = Math.floor(now / s.every) * s.every
  else {
    const expr = parseCron(s.cron)
    for (let t = nextCronAfter(expr, s.tz, now - CATCH_UP_MS - 1); t !== null && t <= now; ) {
      last = t
      t = nextCronAfter(expr, s.tz, t)
    }
  }
  return last !== null && now - last <= CATCH_UP_MS ? last : null
}

/** The schedule's first instant after `now`. */
export function nextInstant(s: FleetReportSchedule, now: number): number | null {
  if ('every' in s) return (Math.floor(now / s.every) + 1) * s.every
  return nextCronAfter(parseCron(s.cron), s.tz, now)
}

export class ReportScheduler {
  private readonly loop: WakeLoop
  /** per channel, the instant this process enqueued last: its report is not built again */
  private readonly sent = new Map<string, number>()

  constructor(private readonly opts: ReportSchedulerOptions) {
    this.loop = new WakeLoop({
      clock: opts.clock,
      log: opts.log,
      name: 'report scheduler',
      pass: async () => {
        await this.runDue()
        return 0
      },
      nextDueAt: async () => this.nextDue(),
      ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }),
    })
  }

  start(): void {
    this.loop.start()
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  /** Re-reads the channels' schedules now (one was added or changed). */
  kick(): Promise<void> {
    return this.loop.kick()
  }

  /** Enqueues the report of every channel whose instant has come (idempotent); returns how many. */
  async runDue(): Promise<number> {
    const { store, clock, baseUrl, instance } = this.opts
    const now = clock.now()
    let enqueued = 0
    for (const channel of this.opts.channels()) {
      if (!channel.fleetReport) continue
      const due = dueInstant(channel.fleetReport, now)
      if (due === null) continue
      const id = `${channel.projectId}/${channel.name}`
      if (this.sent.get(id) === due) continue
      const key = scheduledKey(instance, 'report', channel, due)
      const project = store.inProject(channel.projectId)
      const report = await buildReport(project, now)
      const n = reportNotification(report, due, key, baseUrl())
      enqueued += await project.enqueueDeliveries(
        [
          {
            projectId: channel.projectId,
            alertId: null,
            channel: channel.name,
            transition: 'report',
            idempotencyKey: key,
            payload: JSON.stringify(n),
          },
        ],
        now,
      )
      this.sent.set(id, due)
    }
    if (enqueued > 0) this.opts.onEnqueued()
    return enqueued
  }

  private nextDue(): number | null {
    const now = this.opts.clock.now()
    const next = this.opts
      .channels()
      .flatMap((c) => (c.fleetReport ? [nextInstant(c.fleetReport, now)] : []))
      .filter((t): t is number => t !== null)
    return next.length === 0 ? null : Math.min(...next)
  }
}
