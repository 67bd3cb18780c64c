// A schedule in words: "every 6 hours", "daily at 03:00 (Europe/Berlin)", "weekly on Sun at
// 02:30". Cron expressions beyond the common shapes are shown as written.
import { formatDuration } from '../../domain/duration.js'
import type { Schedule } from '../../domain/types.js'

const UNITS: [number, string][] = [
  [604_800_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
]
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

function every(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms % size === 0) return ms === size ? `every ${unit}` : `every ${ms / size} ${unit}s`
  }
  return `every ${formatDuration(ms)}`
}

const num = (field: string, max: number) => /^\d{1,2}$/.test(field) && Number(field) <= max
const clock = (h: string, m: string) => `${h.padStart(2, '0')}:${m.padStart(2, '0')}`

function cronWords(cron: string): string | null {
  const f = cron.trim().split(/\s+/)
  if (f.length !== 5) return null
  const [m, h, dom, mon, dow] = f as [string, string, string, string, string]
  if (mon !== '*') return null
  const step = /^\*\/(\d+)$/
  if (dom === '*' && dow === '*') {
    if (num(m, 59) && num(h, 23)) return `daily at ${clock(h, m)}`
    if (num(m, 59) && h === '*') return m === '0' ? 'hourly' : `hourly at :${m.padStart(2, '0')}`
    if (num(m, 59) && step.test(h)) return `every ${step.exec(h)![1]} hours at :${m.padStart(2, '0')}`
    if (step.test(m) && h === '*') return `every ${step.exec(m)![1]} minutes`
    return null
  }
  if (!num(m, 59) || !num(h, 23)) return null
  if (dom === '*' && num(dow, 7)) return `weekly on ${DAYS[Number(dow)]} at ${clock(h, m)}`
  if (dow === '*' && num(dom, 31) && Number(dom) > 0) return `monthly on day ${dom} at ${clock(h, m)}`
  return null
}

export function scheduleWords(schedule: Schedule): string {
  if ('every' in schedule) return every(schedule.every)
  const words = cronWords(schedule.cron) ?? `cron ${schedule.cron}`
  // the zone matters where a time of day is named
  if (!/\d\d:\d\d/.test(words) && !words.startsWith('cron ')) return words
  return schedule.tz === 'UTC' ? `${words} UTC` : `${words} (${schedule.tz})`
}

/** The zone a job's times are shown in: its cron zone, else UTC. */
export function scheduleZone(schedule: Schedule): string {
  return 'every' in schedule ? 'UTC' : schedule.tz
}
