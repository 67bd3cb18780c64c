// Numbers and instants as people read them: "3 h ago", "1.2 GiB", "4 min 10 s", and the exact
// time in a job's zone. Pure; `now` is passed in. Shared by the dashboard and the CLI.
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** "just now", "5 min ago", "3 h ago", "2 d ago"; future instants "in 5 min". */
export function ago(at: number, now: number): string {
  const d = now - at
  const span = Math.abs(d)
  if (span < 45_000) return 'just now'
  const minutes = Math.max(1, Math.round(span / MIN))
  const text =
    minutes < 60
      ? `${minutes} min`
      : span < 2 * DAY
        ? `${Math.round(span / HOUR)} h`
        : `${Math.round(span / DAY)} d`
  return d >= 0 ? `${text} ago` : `in ${text}`
}

/** A span: "42 s", "4 min 10 s", "3 h 5 min", "2 d 4 h". */
export function span(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`
  const m = Math.round(s / 60)
  if (m < 48 * 60) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`
  const h = Math.round(m / 60)
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h / 24} d`
}

/** A short span for tight cells: "3h", "26h", "4d". */
export function shortSpan(ms: number): string {
  if (ms < MIN) return 'now'
  if (ms < HOUR) return `${Math.max(0, Math.round(ms / MIN))}m`
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)}h`
  return `${Math.round(ms / DAY)}d`
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

export function bytes(n: number): string {
  let v = n
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** "5 Jan 2026, 10:00:00 CET" in the zone (UTC when none). */
export function exactTime(at: number, zone: string | null): string {
  const tz = zone ?? 'UTC'
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      dateStyle: 'medium',
      timeStyle: 'long',
    })
    formatters.set(tz, f)
  }
  return f.format(at)
}

/** "1 234" with a thin space: counts in headings. */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}
