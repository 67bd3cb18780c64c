// Validation of the writable fields of a Server (SPEC §3, §7), shared by the config file loader
// and the REST API. Keys absent in the input are absent in the output (a PATCH tells "not given"
// from "null").
import { z } from 'zod'
import { durationSchema, environmentSchema, serverNameSchema, tagsSchema } from './field-schemas.js'
import { zodErrorOptions as E } from './zod-messages.js'

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
