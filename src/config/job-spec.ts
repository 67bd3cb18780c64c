// Validation of the writable fields of a Job (SPEC §3, §7), shared by the config file loader and
// the REST API (a Server's: server-spec.ts). Input uses the wire names and configured-duration
// strings ("1h"); output uses camelCase keys and parsed values (milliseconds, Schedule).
//
// Every field is optional: callers decide what is required (e.g. `slug` for a create). Keys that
// are absent in the input are absent in the output, so a PATCH can tell "not given" from "null".
import { z } from 'zod'
import type { JobSpec } from '../domain/job-spec.js'
import { TOOLS } from '../domain/types.js'
import {
  durationSchema,
  environmentSchema,
  retentionSchema,
  serverNameSchema,
  slugSchema,
  tagsSchema,
} from './field-schemas.js'
import { policyOverrideSchema } from './policy-override-spec.js'
import { scheduleSchema } from './schedule-spec.js'
import { zodErrorOptions as E } from './zod-messages.js'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

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
