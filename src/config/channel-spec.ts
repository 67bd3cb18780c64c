// A channel as the config file declares it (SPEC §7): the routing keys every kind shares, and
// the kind's own settings (url, routing_key, smtp, …) kept as the rest of the flat map, for the
// kind's schema (config/channels/) to validate. `<key>_env` names an environment variable
// holding `<key>` (secrets stay out of the file); it is resolved here, at load.
import { z } from 'zod'
import type { ChannelRouting } from '../domain/channel-routing.js'
import { CronError, isValidTimeZone, parseCron } from '../domain/cron.js'
import { DurationError, parseDuration } from '../domain/duration.js'
import { CHANNEL_KINDS, CHANNEL_SETTINGS, type ChannelKind } from './channels/kinds.js'
import { zodErrorOptions as E } from './zod-messages.js'

export interface ChannelSpec extends ChannelRouting {
  kind: ChannelKind
  /** ms; a still-active critical alert is sent again this often (null: never) */
  repeatInterval: number | null
  /** ms, for mode digest */
  digestInterval: number
  /** the kind's own settings, `*_env` keys resolved */
  settings: Record<string, unknown>
  /** the flat map as written (`*_env` keys unresolved), to store it; absent when built in code */
  raw?: Record<string, unknown>
  /** messages per second (0: no limit); absent: the kind's own limit (Slack 1, Discord 2, …) */
  rateLimit?: number
  /** when the scheduled fleet report goes to this channel; absent: never */
  fleetReport?: FleetReportSchedule
}

/** A cron expression in a zone, or every so long (aligned to the epoch, like digests). */
export type FleetReportSchedule = { cron: string; tz: string } | { every: number }

/** `fleet_report: weekly` and friends: 08:00 UTC, Monday for weekly, the 1st for monthly. */
export const FLEET_REPORT_PRESETS = { daily: '0 8 * * *', weekly: '0 8 * * 1', monthly: '0 8 1 * *' } as const

/** Kinds that open incidents: a report is not one. */
const NO_REPORT_KINDS: readonly ChannelKind[] = ['pagerduty', 'opsgenie']

export const ROUTING_KEYS = [
  'name',
  'type',
  'min_severity',
  'match',
  'send_resolved',
  'repeat_interval',
  'mode',
  'digest_interval',
  'rate_limit',
  'fleet_report',
] as const

const RATE_UNITS: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600 }

/**
 * `rate_limit` → messages per second: a number (per second), "20/m", "1/s", "100/h", or `off` /
 * 0 (no limit, no batching). Null when the text says none of these.
 */
export function parseRateLimit(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null
  const text = value.trim().toLowerCase()
  if (text === 'off' || text === 'none') return 0
  const m = /^(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)$/.exec(text)
  const unit = m ? RATE_UNITS[m[2]!] : undefined
  if (!m || unit === undefined) return null
  return Number(m[1]) / unit
}

const rateLimitText = z.union([z.number(E), z.string(E)], E).superRefine((value, ctx) => {
  if (parseRateLimit(value) === null)
    ctx.addIssue({
      code: 'custom',
      message: `must be messages per time like "1/s", "20/m" or "100/h", a number per second, or off; got ${JSON.stringify(value)}`,
    })
})

// Checked here, converted in the transform: the map must stay as written (see `raw`).
const durationText = z.string(E).superRefine((text, ctx) => {
  try {
    parseDuration(text)
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof DurationError ? err.message : String(err) })
  }
})

const list = z.array(z.string(E).min(1, E), E).min(1, E)

const cronText = z.string(E).superRefine((text, ctx) => {
  try {
    parseCron(text)
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof CronError ? err.message : String(err) })
  }
})

const zoneText = z
  .string(E)
  .refine(isValidTimeZone, { error: 'must be an IANA time zone like Europe/Berlin or UTC' })

const routingSchema = z.looseObject(
  {
    name: z.string(E).regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1 to 100 letters, digits, ".", "-" and "_"'),
    type: z.enum(CHANNEL_KINDS, E),
    min_severity: z.enum(['critical', 'warning', 'info'], E).optional(),
    match: z
      .strictObject(
        {
          environment: list.optional(),
          tags: list.optional(),
          types: list.optional(),
          servers: list.optional(),
        },
        E,
      )
      .optional(),
    send_resolved: z.boolean(E).optional(),
    repeat_interval: durationText.nullable().optional(),
    mode: z.enum(['immediate', 'digest'], E).optional(),
    digest_interval: durationText.optional(),
    rate_limit: rateLimitText.optional(),
    fleet_report: z
      .union(
        [
          z.enum(['daily', 'weekly', 'monthly'], E),
          z.strictObject({ cron: cronText, tz: zoneText.optional() }, E),
          z.strictObject({ every: durationText }, E),
        ],
        { error: 'must be daily, weekly, monthly, {cron: "0 8 * * 1", tz: Europe/Berlin} or {every: 1d}' },
      )
      .nullable()
      .optional(),
  },
  E,
)

function fleetReportOf(v: z.output<typeof routingSchema>['fleet_report']): FleetReportSchedule | null {
  if (v == null) return null
  if (typeof v === 'string') return { cron: FLEET_REPORT_PRESETS[v], tz: 'UTC' }
  if ('every' in v) return { every: parseDuration(v.every) }
  return { cron: v.cron, tz: v.tz ?? 'UTC' }
}

/** Replaces every `<key>_env: VAR` by `<key>: $VAR`, recursively; a missing variable is an issue. */
function resolveEnv(
  value: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('_env') && typeof v === 'string') {
      const target = key.slice(0, -4)
      const resolved = env[v]
      if (resolved === undefined || resolved === '') {
        ctx.addIssue({
          code: 'custom',
          path: [...path, key],
          message: `environment variable ${v} is not set`,
        })
      } else if (value[target] === undefined) {
        out[target] = resolved
      }
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      out[key] = resolveEnv(v as Record<string, unknown>, env, [...path, key], ctx)
    } else {
      out[key] = v
    }
  }
  return out
}

export function channelSpecSchema(env: NodeJS.ProcessEnv) {
  return routingSchema.transform((raw, ctx): ChannelSpec => {
    const rest: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(raw))
      if (!(ROUTING_KEYS as readonly string[]).includes(k)) rest[k] = v
    const settings = resolveEnv(rest, env, [], ctx)
    if (raw.fleet_report != null && NO_REPORT_KINDS.includes(raw.type))
      ctx.addIssue({
        code: 'custom',
        path: ['fleet_report'],
        message: `a ${raw.type} channel opens incidents; send the fleet report to an email, chat or webhook channel`,
      })
    // The kind's own settings are checked now, so a misconfigured channel stops the start
    // instead of failing its first real alert.
    const checked = CHANNEL_SETTINGS[raw.type].safeParse(settings)
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const path = issue.path as (string | number)[]
        if (issue.code === 'unrecognized_keys') {
          // one problem per key, named (the map is flat: the key is neither routing nor a setting)
          for (const key of issue.keys)
            ctx.addIssue({
              code: 'custom',
              path: [...path, key],
              message: `unknown key for type ${raw.type}`,
            })
        } else ctx.addIssue({ code: 'custom', path, message: issue.message })
      }
    }
    return {
      name: raw.name,
      kind: raw.type,
      minSeverity: raw.min_severity ?? 'info',
      match: raw.match ?? {},
      sendResolved: raw.send_resolved ?? true,
      mode: raw.mode ?? 'immediate',
      repeatInterval: raw.repeat_interval == null ? null : parseDuration(raw.repeat_interval),
      digestInterval: raw.digest_interval === undefined ? 3_600_000 : parseDuration(raw.digest_interval),
      settings,
      raw: structuredClone(raw),
      ...(raw.rate_limit !== undefined && { rateLimit: parseRateLimit(raw.rate_limit) ?? 0 }),
      ...(raw.fleet_report != null && { fleetReport: fleetReportOf(raw.fleet_report)! }),
    }
  })
}
