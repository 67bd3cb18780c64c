// The config file's `http:` section: limits on connections (see http/http-limits.ts for what
// each means and its default).
import { z } from 'zod'
import { durationSchema } from './field-schemas.js'
import { zodErrorOptions as E } from './zod-messages.js'

/**
 * The connection limits the file sets. Same names as http/http-limits.ts's HttpLimits, which the
 * server lays these over; declared here so that the config does not depend on the HTTP server.
 */
export interface HttpSpec {
  maxConnections?: number
  headersTimeoutMs?: number
  requestTimeoutMs?: number
}

export const httpSpecSchema = z
  .strictObject(
    {
      max_connections: z.int(E).min(1, E).max(1_000_000, E).optional(),
      header_timeout: durationSchema.optional(),
      request_timeout: durationSchema.optional(),
    },
    E,
  )
  .transform(
    (s): HttpSpec => ({
      ...(s.max_connections !== undefined && { maxConnections: s.max_connections }),
      ...(s.header_timeout !== undefined && { headersTimeoutMs: s.header_timeout }),
      ...(s.request_timeout !== undefined && { requestTimeoutMs: s.request_timeout }),
    }),
  )
