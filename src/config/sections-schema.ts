// The sections that describe one project's fleet: at the file's top level (the default project)
// and under each entry of `projects:`. The list and mapping sections may be left empty (`jobs:`
// with everything commented out): null is taken as empty.
import { z } from 'zod'
import { channelSpecSchema } from './channel-spec.js'
import { jobSpecSchema } from './job-spec.js'
import { type PolicySpec, policySpecSchema } from './policy-spec.js'
import { serverSpecSchema } from './server-spec.js'
import { configSilenceSchema } from './silence-spec.js'
import { tokenSchema } from './token-spec.js'
import { zodErrorOptions as E } from './zod-messages.js'

export function sectionsShape(env: NodeJS.ProcessEnv) {
  return {
    tokens: z.array(tokenSchema(env), E).nullish(),
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
  }
}

/** The names of the sections, for the checks that walk each project's raw data. */
export const SECTION_KEYS = ['tokens', 'policies', 'servers', 'jobs', 'channels', 'silences'] as const
