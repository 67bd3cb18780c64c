// The config file's `http:` section: limits on connections (see http/http-limits.ts for what
// each means and its default).
import { z } from 'zod'
import type { HttpLimits } from '../http/http-limits.js'
import { durationSchema, zodErrorOptions as E } from './job-spec.js'

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
    (s): Partial<HttpLimits> => ({
      ...(s.max_connections !== undefined && { maxConnections: s.max_connections }),
      ...(s.header_timeout !== undefined && { headersTimeoutMs: s.header_timeout }),
      ...(s.request_timeout !== undefined && { requestTimeoutMs: s.request_timeout }),
    }),
  )
