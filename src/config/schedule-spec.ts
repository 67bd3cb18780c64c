// A job's `schedule`: `{every: "1d"}` or `{cron: "0 2 * * *", tz: "Europe/Berlin"}` (SPEC §7).
import { z } from 'zod'
import { isValidTimeZone, parseCron } from '../domain/cron.js'
import { parseDuration } from '../domain/duration.js'
import type { Schedule } from '../domain/types.js'
import { describeValue } from './zod-messages.js'

const SCHEDULE_HINT = 'must be {every: "1d"} or {cron: "0 2 * * *", tz: "UTC"}'

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * `{every: "1d"}` → `{every: 86400000}`; `{cron: "0 2 * * *", tz?: "Europe/Berlin"}` →
 * `{cron, tz}` (tz defaults to UTC). Bad expressions, crons that never fire and unknown time zones
 * are issues at `schedule.cron` / `schedule.tz`.
 */
export const scheduleSchema = z.unknown().transform((input, ctx): Schedule => {
  if (!isPlainObject(input)) {
    ctx.addIssue({ code: 'custom', message: `${SCHEDULE_HINT}, got ${describeValue(input)}` })
    return z.NEVER
  }
  let failed = false
  const fail = (path: string[], message: string) => {
    failed = true
    ctx.addIssue({ code: 'custom', path, message })
  }
  const hasEvery = input.every !== undefined
  const hasCron = input.cron !== undefined
  for (const key of Object.keys(input)) {
    if (key === 'tz' && !hasCron && hasEvery) fail([key], 'only applies to a cron schedule')
    else if (key !== 'every' && key !== 'cron' && key !== 'tz') fail([key], 'unknown key')
  }
  if (hasEvery && hasCron) {
    fail([], 'set either every or cron, not both')
    return z.NEVER
  }
  if (!hasEvery && !hasCron) {
    fail([], SCHEDULE_HINT)
    return z.NEVER
  }
  if (hasEvery) {
    const every = input.every
    if (typeof every !== 'string') {
      fail(['every'], `must be a duration string like "1d", got ${describeValue(every)}`)
      return z.NEVER
    }
    let ms = 0
    try {
      ms = parseDuration(every)
    } catch (err) {
      fail(['every'], (err as Error).message)
    }
    return failed ? z.NEVER : { every: ms }
  }
  const cron = input.cron
  const tz = input.tz === undefined ? 'UTC' : input.tz
  if (typeof cron !== 'string') {
    fail(['cron'], `must be a cron expression string like "0 2 * * *", got ${describeValue(cron)}`)
  } else {
    try {
      parseCron(cron.trim())
    } catch (err) {
      fail(['cron'], (err as Error).message)
    }
  }
  if (typeof tz !== 'string')
    fail(['tz'], `must be a time zone name like "Europe/Berlin", got ${describeValue(tz)}`)
  else if (!isValidTimeZone(tz)) fail(['tz'], `unknown time zone ${JSON.stringify(tz)}`)
  if (failed || typeof cron !== 'string' || typeof tz !== 'string') return z.NEVER
  return { cron: cron.trim(), tz }
})
