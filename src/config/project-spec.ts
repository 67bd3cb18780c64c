// A project's own fields (issue 12), shared by the config file's `projects:` and /api/v1/projects.
import { z } from 'zod'
import { PROJECT_SLUG } from '../domain/projects.js'
import { sectionsShape } from './sections-schema.js'
import { zodErrorOptions as E } from './zod-messages.js'

export const PROJECT_SLUG_HINT =
  'must be 1 to 63 lower-case letters, digits and "-", starting with a letter or digit'

export const projectSlugSchema = z.string(E).regex(PROJECT_SLUG, PROJECT_SLUG_HINT)

export const projectNameSchema = z.string(E).trim().min(1, E).max(200, E)

export const PING_KEY_RE = /^[A-Za-z0-9_-]{8,64}$/

/** A configured ping key (the API only generates them). */
export const pingKeySchema = z
  .string(E)
  .regex(PING_KEY_RE, 'must be 8 to 64 characters of letters, digits, "-" and "_"')

/**
 * One entry of the file's `projects:`: the project (created when missing, found by its slug) and
 * its sections, exactly as at the top level. `slug` is required (checked with the file's names).
 */
export function projectFileSchema(env: NodeJS.ProcessEnv) {
  return z.strictObject(
    {
      slug: projectSlugSchema.optional(),
      name: projectNameSchema.optional(),
      ping_key: pingKeySchema.optional(),
      ...sectionsShape(env),
    },
    E,
  )
}
