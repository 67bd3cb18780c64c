// Validation of the writable fields of a Job and a Server (SPEC §3, §7), shared by the config file
// loader and the REST API. Input uses the wire names and configured-duration strings ("1h");
// output uses camelCase keys and parsed values (milliseconds, Schedule).
//
// Every field is optional: callers decide what is required (e.g. `slug` for a create). Keys that
// are absent in the input are absent in the output, so a PATCH can tell "not given" from "null".
import { z } from 'zod'
import { isValidTimeZone, parseCron } from '../domain/cron.js'
import { parseDuration } from '../domain/duration.js'
import type { JobSpec } from '../domain/job-spec.js'
import type { PolicyOverride } from '../domain/policy.js'
import { type Retention, type Schedule, TOOLS } from '../domain/types.js'

// ---------------------------------------------------------------------------------------------
// Messages

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
}

/** The kind of a value, for messages. Never the value itself: it may be a secret. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string':
      return 'a string'
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number'
    case 'boolean':
      return 'a boolean'
    case 'object':
      return 'an object'
    default:
      return `a ${typeof value}`
  }
}

/**
 * Error map attached to every schema here, so whoever parses with them (config loader, API) gets
 * the same short messages. Messages never quote the input value.
 */
export function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'required'
      const format = (iss.inst as { _zod?: { def?: { format?: string } } } | undefined)?._zod?.def?.format
      const kind = iss.expected === 'number' && format?.endsWith('int') ? 'int' : iss.expected
      const expected = TYPE_NAMES[kind] ?? kind
      if (iss.expected === 'int' && typeof iss.input === 'number') return 'must be an integer'
      return `must be ${expected}, got ${describeValue(iss.input)}`
    }
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => String(v)).join(', ')}`
    case 'too_small': {
      const min = Number(iss.minimum)
      if (iss.origin === 'string') {
        return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`
      }
      if (iss.origin === 'array') return `must have at least ${min} item${min === 1 ? '' : 's'}`
      return `must be at least ${min}`
    }
    case 'too_big': {
      const max = Number(iss.maximum)
      if (iss.origin === 'string') return `must be at most ${max} characters long`
      if (iss.origin === 'array') return `must have at most ${max} items`
      return `must be at most ${max}`
    }
    case 'unrecognized_keys':
      return 'unknown key'
    default:
      return undefined
  }
}

const E = { error: issueMessage }

// ---------------------------------------------------------------------------------------------
// Formatting issues

const PLAIN_KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** `['jobs', 2, 'schedule', 'cron']` → `jobs[2].schedule.cron`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else {
      const key = String(seg)
      if (PLAIN_KEY_RE.test(key)) out += out === '' ? key : `.${key}`
      else out += `[${JSON.stringify(key)}]`
    }
  }
  return out
}

/** One problem: where (key path) and what. */
export interface Problem {
  path: PropertyKey[]
  message: string
}

/** Flattens zod issues into problems; an unknown-keys issue becomes one problem per key. */
export function zodIssuesToProblems(error: z.ZodError): Problem[] {
  const out: Problem[] = []
  for (const issue of error.issues) {
    const path = [...issue.path]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown key' })
    } else {
      out.push({ path, message: issue.message })
    }
  }
  return out
}

/**
 * `path: message` (or just `message` at the root), with ` (line N)` appended when `lines` maps the
 * path to a line.
 */
export function formatProblem(
  problem: Problem,
  lines?: (path: readonly PropertyKey[]) => number | undefined,
): string {
  const where = formatPath(problem.path)
  const line = lines?.(problem.path)
  return `${where === '' ? '' : `${where}: `}${problem.message}${line === undefined ? '' : ` (line ${line})`}`
}

/**
 * Messages `path: message` for every issue of a zod error, e.g.
 * `jobs[2].schedule.cron: invalid cron expression "0 25 * * *" (line 31)`. `lines` optionally maps
 * a key path to a source line.
 */
export function formatZodIssues(
  error: z.ZodError,
  lines?: (path: readonly PropertyKey[]) => number | undefined,
): string[] {
  return zodIssuesToProblems(error).map((p) => formatProblem(p, lines))
}

// ---------------------------------------------------------------------------------------------
// Field schemas

export const SLUG_RE = /^[a-z0-9_-]+$/
export const SERVER_NAME_RE = /^[A-Za-z0-9._-]+$/
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

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
const tagsSchema = z.array(z.string(E).min(1, E).max(100, E), E).max(100, E)

/** A configured duration string ("90s", "1h30m", "2w") → milliseconds. */
export const durationSchema = z.string(E).transform((text, ctx) => {
  try {
    return parseDuration(text)
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message })
    return z.NEVER
  }
})

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

const countSchema = z.int(E).min(0, E)

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

// ---------------------------------------------------------------------------------------------
// Policy override (SPEC §7 policies; also a job's own `policy`)

/**
 * The rule settings of a policy, every key optional: an environment's policy (with
 * `job_defaults`, see policy-spec.ts) and a job's own `policy` override. Durations become
 * milliseconds; `null` for `max_age`, `check_max_age` and the retention minimums means "not
 * checked" (and overrides a value inherited from the environment). `low` < 1 < `high`, so low is
 * always below high.
 */
export const policyOverrideShape = {
  max_age: durationSchema.nullable().optional(),
  check_max_age: durationSchema.nullable().optional(),
  retention: z
    .strictObject(
      {
        min_history: durationSchema.nullable().optional(),
        min_daily: countSchema.nullable().optional(),
        min_weekly: countSchema.nullable().optional(),
        min_monthly: countSchema.nullable().optional(),
      },
      E,
    )
    .optional(),
  size_anomaly: z
    .strictObject(
      {
        low: z.number(E).gt(0, 'must be greater than 0').lt(1, 'must be less than 1').optional(),
        high: z.number(E).gt(1, 'must be greater than 1').optional(),
        min_samples: z.int(E).min(1, E).max(1000, E).optional(),
        zero_added_runs: z.int(E).min(1, E).max(1000, E).optional(),
      },
      E,
    )
    .optional(),
  lock_failures: z.strictObject({ warn_until: z.int(E).min(1, E).max(1000, E).optional() }, E).optional(),
}

type PolicyOverrideRaw = z.output<z.ZodObject<typeof policyOverrideShape>>

/** Copies the keys that are present (absent stays absent: "inherit"). */
function present<T extends object>(entries: [string, unknown][]): T {
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as T
}

export function toPolicyOverride(raw: PolicyOverrideRaw): PolicyOverride {
  const out: PolicyOverride = {}
  if (raw.max_age !== undefined) out.maxAge = raw.max_age
  if (raw.check_max_age !== undefined) out.checkMaxAge = raw.check_max_age
  if (raw.retention !== undefined) {
    const r = raw.retention
    out.retention = present([
      ['minHistory', r.min_history],
      ['minDaily', r.min_daily],
      ['minWeekly', r.min_weekly],
      ['minMonthly', r.min_monthly],
    ])
  }
  if (raw.size_anomaly !== undefined) {
    const a = raw.size_anomaly
    out.sizeAnomaly = present([
      ['low', a.low],
      ['high', a.high],
      ['minSamples', a.min_samples],
      ['zeroAddedRuns', a.zero_added_runs],
    ])
  }
  if (raw.lock_failures !== undefined) {
    out.lockFailures = present([['warnUntil', raw.lock_failures.warn_until]])
  }
  return out
}

/** A job's own `policy` override (wire form, every key optional) → PolicyOverride. */
export const policyOverrideSchema = z.strictObject(policyOverrideShape, E).transform(toPolicyOverride)

// ---------------------------------------------------------------------------------------------
// Job

export type { JobSpec }

const jobSpecShape = {
  slug: slugSchema.optional(),
  name: z.string(E).max(200, E).optional(),
  server: serverNameSchema.nullable().optional(),
  environment: environmentSchema.nullable().optional(),
  tags: tagsSchema.optional(),
  tool: z.enum(TOOLS, E).optional(),
  schedule: scheduleSchema.optional(),
  grace: durationSchema.optional(),
  max_duration: durationSchema.nullable().optional(),
  warning_exit_codes: z.array(z.int(E).min(0, E).max(255, E), E).optional(),
  retention: retentionSchema.nullable().optional(),
  paused: z.boolean(E).optional(),
  policy: policyOverrideSchema.nullable().optional(),
  uuid: z
    .string(E)
    .regex(UUID_RE, 'must be a UUID like 123e4567-e89b-12d3-a456-426614174000')
    .transform((s) => s.toLowerCase())
    .optional(),
}

type JobSpecRaw = z.output<z.ZodObject<typeof jobSpecShape>>

function toJobSpec(raw: JobSpecRaw): JobSpec {
  const out: JobSpec = {}
  if (raw.slug !== undefined) out.slug = raw.slug
  if (raw.name !== undefined) out.name = raw.name
  if (raw.server !== undefined) out.server = raw.server
  if (raw.environment !== undefined) out.environment = raw.environment
  if (raw.tags !== undefined) out.tags = raw.tags
  if (raw.tool !== undefined) out.tool = raw.tool
  if (raw.schedule !== undefined) out.schedule = raw.schedule
  if (raw.grace !== undefined) out.grace = raw.grace
  if (raw.max_duration !== undefined) out.maxDuration = raw.max_duration
  if (raw.warning_exit_codes !== undefined) out.warningExitCodes = raw.warning_exit_codes
  if (raw.retention !== undefined) out.retention = raw.retention
  if (raw.paused !== undefined) out.paused = raw.paused
  if (raw.policy !== undefined) out.policy = raw.policy
  if (raw.uuid !== undefined) out.uuid = raw.uuid
  return out
}

const jobSpecObject = z.strictObject(jobSpecShape, E)

/** Job fields as in the config file (including the optional fixed `uuid`). Unknown keys rejected. */
export const jobSpecSchema = jobSpecObject.transform(toJobSpec)

/** Job fields as accepted by the REST API: same as jobSpecSchema but `uuid` is an unknown key. */
export const apiJobSpecSchema = jobSpecObject.omit({ uuid: true }).transform(toJobSpec)

/** `policies.<environment>.job_defaults`: what a job created by a report or ping starts with. */
export const jobDefaultsSchema = jobSpecObject
  .pick({
    tags: true,
    tool: true,
    schedule: true,
    grace: true,
    max_duration: true,
    warning_exit_codes: true,
    retention: true,
  })
  .transform(toJobSpec)

export type JobSpecInput = z.input<typeof jobSpecSchema>

// ---------------------------------------------------------------------------------------------
// Server

/** Writable fields of a Server, parsed. Keys absent in the input are absent here. */
export interface ServerSpec {
  name?: string
  environment?: string | null
  tags?: string[]
  /** milliseconds, or null: heartbeats not expected */
  heartbeatTimeout?: number | null
}

export const serverSpecSchema = z
  .strictObject(
    {
      name: serverNameSchema.optional(),
      environment: environmentSchema.nullable().optional(),
      tags: tagsSchema.optional(),
      heartbeat_timeout: durationSchema.nullable().optional(),
    },
    E,
  )
  .transform((raw): ServerSpec => {
    const out: ServerSpec = {}
    if (raw.name !== undefined) out.name = raw.name
    if (raw.environment !== undefined) out.environment = raw.environment
    if (raw.tags !== undefined) out.tags = raw.tags
    if (raw.heartbeat_timeout !== undefined) out.heartbeatTimeout = raw.heartbeat_timeout
    return out
  })

export type ServerSpecInput = z.input<typeof serverSpecSchema>

/** The zod error map used by these schemas; handy for further schemas built elsewhere. */
export const zodErrorOptions = E
