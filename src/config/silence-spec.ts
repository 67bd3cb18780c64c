// A silence as the config file and the API write it:
//   {name, match: {environment, tags, types, servers, jobs}, starts_at, ends_at | duration,
//    author, comment}
// Times are ISO 8601 instants; `duration` counts from `starts_at` (default: now).
import { z } from 'zod'
import { parseIsoInstant } from '../domain/iso-instant.js'
import { MATCHER_KEYS, type SilenceMatchers } from '../domain/silence.js'
import { durationSchema } from './field-schemas.js'
import { zodErrorOptions as E } from './zod-messages.js'

export interface SilenceSpec {
  name?: string | null
  match?: SilenceMatchers
  startsAt?: number
  endsAt?: number
  /** ms from the start */
  duration?: number
  author?: string | null
  comment?: string | null
}

export const SILENCE_NAME_RE = /^[A-Za-z0-9._-]{1,100}$/

const list = z.array(z.string(E).min(1, E).max(200, E), E).min(1, E).max(1000, E)

const matchSchema = z
  .strictObject(
    {
      environment: list.optional(),
      tags: list.optional(),
      types: list.optional(),
      servers: list.optional(),
      jobs: list.optional(),
    },
    E,
  )
  .refine((m) => Object.values(m).some((v) => v !== undefined), {
    message:
      'needs at least one of environment, tags, types, servers, jobs (a silence must not silence everything by accident)',
    // an unknown key is the problem to report then, not an empty matcher
    when: (payload) => payload.issues.length === 0,
  })

const instantSchema = z.string(E).transform((text, ctx) => {
  const ms = parseIsoInstant(text)
  if (ms === null) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an ISO 8601 time like 2026-11-22T05:32:04Z, got "${text}"`,
    })
    return z.NEVER
  }
  return ms
})

const text = (max: number) => z.string(E).max(max, E).nullable().optional()

export const silenceSpecSchema = z
  .strictObject(
    {
      name: z
        .string(E)
        .regex(SILENCE_NAME_RE, 'must be 1 to 100 letters, digits, ".", "-" and "_"')
        .nullable()
        .optional(),
      match: matchSchema.optional(),
      starts_at: instantSchema.optional(),
      ends_at: instantSchema.optional(),
      duration: durationSchema.optional(),
      author: text(200),
      comment: text(2000),
    },
    E,
  )
  .superRefine((s, ctx) => {
    if (s.ends_at !== undefined && s.duration !== undefined)
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'give ends_at or duration, not both' })
    if (s.duration !== undefined && s.duration <= 0)
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'must be longer than zero' })
    if (s.starts_at !== undefined && s.ends_at !== undefined && s.ends_at <= s.starts_at)
      ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' })
  })
  .transform(
    (s): SilenceSpec => ({
      ...(s.name !== undefined && { name: s.name }),
      ...(s.match !== undefined && { match: canonical(s.match) }),
      ...(s.starts_at !== undefined && { startsAt: s.starts_at }),
      ...(s.ends_at !== undefined && { endsAt: s.ends_at }),
      ...(s.duration !== undefined && { duration: s.duration }),
      ...(s.author !== undefined && { author: s.author }),
      ...(s.comment !== undefined && { comment: s.comment }),
    }),
  )

/** The matchers in one key order, however they were written (stable JSON, stable listings). */
function canonical(m: SilenceMatchers): SilenceMatchers {
  const out: SilenceMatchers = {}
  for (const k of MATCHER_KEYS) if (m[k] !== undefined) out[k] = m[k]
  return out
}

/** In the file a silence is named (its identity across restarts) and ends at a fixed time. */
export const configSilenceSchema = silenceSpecSchema.superRefine((s, ctx) => {
  if (!s.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'required' })
  if (!s.match) ctx.addIssue({ code: 'custom', path: ['match'], message: 'required' })
  if (s.endsAt === undefined && !(s.duration !== undefined && s.startsAt !== undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['ends_at'],
      message: 'required (or starts_at with duration): a silence in the file ends at a fixed time',
    })
})

/** The silence's window: the start defaults to `now`, the end is `ends_at` or start + duration. */
export function silenceWindow(spec: SilenceSpec, now: number): { startsAt: number; endsAt: number | null } {
  const startsAt = spec.startsAt ?? now
  const endsAt = spec.endsAt ?? (spec.duration !== undefined ? startsAt + spec.duration : null)
  return { startsAt, endsAt }
}
