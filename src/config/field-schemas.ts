// Schemas of single fields shared by jobs, servers, policies and the REST API: names, durations
// (a configured string like "1h" → milliseconds), counts and declared retention (SPEC §7).
import { z } from 'zod'
import { parseDuration } from '../domain/duration.js'
import type { Retention } from '../domain/types.js'
import { zodErrorOptions as E } from './zod-messages.js'

export const SLUG_RE = /^[a-z0-9_-]+$/
export const SERVER_NAME_RE = /^[A-Za-z0-9._-]+$/

export const slugSchema = z
  .string(E)
  .min(1, { ...E, abort: true })
  .max(100, E)
  .regex(SLUG_RE, 'must contain only lowercase letters, digits, "-" and "_"')

export const serverNameSchema = z
  .string(E)
  .min(1, { ...E, abort: true })
  .max(200, E)
  .regex(SERVER_NAME_RE, 'must contain only letters, digits, ".", "-" and "_"')

export const environmentSchema = z.string(E).min(1, E).max(100, E)
export const tagsSchema = z.array(z.string(E).min(1, E).max(100, E), E).max(100, E)

/** A configured duration string ("90s", "1h30m", "2w") → milliseconds. */
export const durationSchema = z.string(E).transform((text, ctx) => {
  try {
    return parseDuration(text)
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message })
    return z.NEVER
  }
})

export const countSchema = z.int(E).min(0, E)

/** Declared retention (SPEC §7); `keep_within` becomes milliseconds. */
export const retentionSchema = z
  .strictObject(
    {
      keep_within: durationSchema.optional(),
      keep_daily: countSchema.optional(),
      keep_weekly: countSchema.optional(),
      keep_monthly: countSchema.optional(),
      keep_yearly: countSchema.optional(),
      full_days: countSchema.optional(),
      incremental_days: countSchema.optional(),
    },
    E,
  )
  .transform((r): Retention => {
    const out: Retention = {}
    for (const [key, value] of Object.entries(r)) {
      if (value !== undefined) (out as Record<string, number>)[key] = value
    }
    return out
  })
