// The config file's keys and what each accepts (SPEC §7), as one zod schema. `ping_body_limit`
// is an integer number of bytes from 0 to 10 MB (10 000 000). The top level's sections describe
// the default project; `projects:` lists the others, each with the same sections.
import { z } from 'zod'
import { httpSpecSchema } from './http-spec.js'
import { limitsSchema } from './limits-spec.js'
import { pingKeySchema, projectFileSchema } from './project-spec.js'
import { sectionsShape } from './sections-schema.js'
import { selfCheckSchema } from './self-check-spec.js'
import { type Parsed, parseBaseUrlValue, parseDatabaseValue, parseListenValue } from './single-values.js'
import { zodErrorOptions as E } from './zod-messages.js'

export const MAX_PING_BODY_LIMIT = 10_000_000

function fromParser<T>(parse: (text: string) => Parsed<T>) {
  return z.string(E).transform((text, ctx): T => {
    const r = parse(text)
    if (r.ok) return r.value
    ctx.addIssue({ code: 'custom', message: r.message })
    return z.NEVER
  })
}

export function fileSchema(env: NodeJS.ProcessEnv, cwd: string) {
  return z.strictObject(
    {
      listen: fromParser(parseListenValue).optional(),
      database: fromParser((t) => parseDatabaseValue(t, cwd)).optional(),
      base_url: fromParser(parseBaseUrlValue).optional(),
      ping_key: pingKeySchema.optional(),
      ping_body_limit: z.int(E).min(0, E).max(MAX_PING_BODY_LIMIT, E).optional(),
      metrics: z.strictObject({ public: z.boolean(E).optional() }, E).nullish(),
      http: httpSpecSchema.nullish(),
      limits: limitsSchema,
      self_check: selfCheckSchema.nullish(),
      ...sectionsShape(env),
      projects: z.array(projectFileSchema(env), E).nullish(),
    },
    E,
  )
}

/** The config file's settings as validated (wire names; values parsed). */
export type ConfigFileSettings = z.output<ReturnType<typeof fileSchema>>
