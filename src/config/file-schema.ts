// The config file's keys and what each accepts (SPEC §7), as one zod schema. `ping_body_limit`
// is an integer number of bytes from 0 to 10 MB (10 000 000).
import { z } from 'zod'
import { channelSpecSchema } from './channel-spec.js'
import { httpSpecSchema } from './http-spec.js'
import { jobSpecSchema } from './job-spec.js'
import { limitsSchema } from './limits-spec.js'
import { type PolicySpec, policySpecSchema } from './policy-spec.js'
import { serverSpecSchema } from './server-spec.js'
import { configSilenceSchema } from './silence-spec.js'
import { type Parsed, parseBaseUrlValue, parseDatabaseValue, parseListenValue } from './single-values.js'
import { tokenSchema } from './token-spec.js'
import { zodErrorOptions as E } from './zod-messages.js'

export const MAX_PING_BODY_LIMIT = 10_000_000

const PING_KEY_RE = /^[A-Za-z0-9_-]{8,64}$/

function fromParser<T>(parse: (text: string) => Parsed<T>) {
  return z.string(E).transform((text, ctx): T => {
    const r = parse(text)
    if (r.ok) return r.value
    ctx.addIssue({ code: 'custom', message: r.message })
    return z.NEVER
  })
}

// The list and mapping sections may be left empty (`jobs:` with everything commented out): null is
// taken as empty.
export function fileSchema(env: NodeJS.ProcessEnv, cwd: string) {
  return z.strictObject(
    {
      listen: fromParser(parseListenValue).optional(),
      database: fromParser((t) => parseDatabaseValue(t, cwd)).optional(),
      base_url: fromParser(parseBaseUrlValue).optional(),
      ping_key: z
        .string(E)
        .regex(PING_KEY_RE, 'must be 8 to 64 characters of letters, digits, "-" and "_"')
        .optional(),
      ping_body_limit: z.int(E).min(0, E).max(MAX_PING_BODY_LIMIT, E).optional(),
      tokens: z.array(tokenSchema(env), E).nullish(),
      metrics: z.strictObject({ public: z.boolean(E).optional() }, E).nullish(),
      http: httpSpecSchema.nullish(),
      limits: limitsSchema,
      // an empty policy (`staging:` with nothing under it) is a policy of built-in defaults
      policies: z
        .record(
          z.string(),
          policySpecSchema.nullable().transform((p): PolicySpec => p ?? { policy: {}, jobDefaults: null }),
          E,
        )
        .nullish(),
      servers: z.array(serverSpecSchema, E).nullish(),
      jobs: z.array(jobSpecSchema, E).nullish(),
      channels: z.array(channelSpecSchema(env), E).nullish(),
      silences: z.array(configSilenceSchema, E).nullish(),
    },
    E,
  )
}

/** The config file's settings as validated (wire names; values parsed). */
export type ConfigFileSettings = z.output<ReturnType<typeof fileSchema>>
