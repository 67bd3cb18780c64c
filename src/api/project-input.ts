// The bodies of POST and PATCH /api/v1/projects. Unknown keys are a 400, as everywhere.
import { z } from 'zod'
import { projectNameSchema, projectSlugSchema } from '../config/project-spec.js'
import { zodErrorOptions as E } from '../config/zod-messages.js'

/** POST: `slug` required (checked by parseInput), `name` defaults to the slug. */
export const newProjectSchema = z.strictObject(
  { slug: projectSlugSchema.optional(), name: projectNameSchema.optional() },
  E,
)

export const projectPatchSchema = z.strictObject(
  {
    slug: projectSlugSchema.optional(),
    name: projectNameSchema.optional(),
    // only `true` means something: a new random key, the old one stops working
    rotate_ping_key: z.literal(true, 'must be true (a new random ping key) or left out').optional(),
  },
  E,
)

export type ProjectPatchInput = z.output<typeof projectPatchSchema>
