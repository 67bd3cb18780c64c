// The seeded randomness of the HTTP fuzzer: a small PRNG (mulberry32) and the pools of values it
// draws from: real field names and plausible values mixed with hostile ones.

export class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  hex(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)]
    return s
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-8${this.hex(3)}-${this.hex(12)}`
  }

  /** printable ASCII with at least one letter, so it is never a small numeric id */
  word(max = 12): string {
    let s = 'z'
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&()*+,;=:@'
    for (let i = this.int(max); i > 0; i--) s += chars[this.int(chars.length)]
    return s
  }
}

/** Path segments that are not canonical or not meant for any route. */
// biome-ignore format: a value pool reads best packed
export const ODD_SEGMENTS = [
  '', '.', '..', '%2e', '%2E%2E', '%2F', '%2f..', '%5C', '%zz', '%', '%4', '%C3', '%ff', '%00', '%0A',
  '%41', '\\', '*', '[', ']', 'a:99999', '%E2%82%AC', '%F0%9F%98%80', 'constructor', '__proto__',
  'toString', 'hasOwnProperty', 'x'.repeat(400), '0', '-1', '999999999', '9'.repeat(30), '1e3',
  'null', 'undefined', 'NaN', '%20', '@', ':', ';x=1', "'", '"', '<script>', '|', '{x}', '^', '`',
]

// biome-ignore format: a value pool reads best packed
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO']

// biome-ignore format: a value pool reads best packed
export const FIELDS = [
  'slug', 'name', 'server', 'environment', 'tags', 'tool', 'schedule', 'every', 'cron', 'tz', 'grace',
  'max_duration', 'warning_exit_codes', 'retention', 'keep_daily', 'keep_within', 'paused', 'job', 'status',
  'kind', 'started_at', 'finished_at', 'exit_code', 'size_bytes', 'added_bytes', 'files_total', 'error',
  'log', 'rid', 'create', 'type', 'url', 'secret', 'match', 'min_severity', 'mode', 'ends_at', 'starts_at',
  'reason', 'heartbeat_timeout', 'max_age', 'check_max_age', 'size_anomaly', 'low', 'high', 'policy',
  'job_defaults', 'duration', 'profiles', 'backup', 'success', 'time', '__proto__', 'constructor', '',
]

// biome-ignore format: a value pool reads best packed
const STRINGS = [
  '', ' ', 'fz-job', 'fz-srv', 'production', 'staging', 'webhook', 'ntfy', 'email', 'command', 'slack',
  'http://127.0.0.1:9/hook', 'http://user:pw@127.0.0.1:9/x', 'ftp://x', 'not a url', '1d', '0s', '-1h',
  '99999999w', '1h30m', '0 2 * * *', '*/0 * * * *', '0 0 31 2 *', 'Europe/Berlin', 'Mars/Base',
  '2026-11-22T05:32:04Z', '9999-99-99T99:99:99Z', '1970-01-01T00:00:00Z', 'succeeded', 'failed', 'running',
  'backup', 'check', 'restic', 'borg', 'resticprofile', 'job.failed', 'critical', '\u0000', '\ud800',
  '<script>alert(1)</script>', '%s%n', '../../etc/passwd', 'é'.repeat(50), 'x'.repeat(5000),
]

const NUMBERS = [0, -1, 1, 3, 255, 256, 1.5, 1e308, -1e308, 2 ** 53 + 1, 99999999999]

/** A random JSON value, mostly shaped like our inputs. */
export function jsonValue(r: Rng, depth = 0): unknown {
  const roll = r.int(depth > 3 ? 4 : 7)
  if (roll === 0) return r.pick(STRINGS)
  if (roll === 1) return r.pick(NUMBERS)
  if (roll === 2) return r.pick([true, false, null])
  if (roll === 3) return r.chance(0.5) ? `fz-${r.word(8).toLowerCase()}` : r.uuid()
  if (roll === 4) return Array.from({ length: r.int(4) }, () => jsonValue(r, depth + 1))
  return jsonObject(r, depth + 1)
}

export function jsonObject(r: Rng, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = r.int(6); i > 0; i--) out[r.pick(FIELDS)] = jsonValue(r, depth)
  return out
}

/** Arrays or objects nested `depth` deep (JSON.stringify would overflow on the deepest). */
export function deepJson(r: Rng, depth: number): string {
  const open = r.chance(0.5) ? '[' : '{"a":'
  const close = open === '[' ? ']' : '}'
  return open.repeat(depth) + '1' + close.repeat(depth)
}
