// The config file's `self_check:` section: an external dead man's switch (a Healthchecks check,
// Cronitor, Dead Man's Snitch, Uptime Kuma push) that Backwatch pings while its own loops work.
import { z } from 'zod'
import { httpUrl } from './channels/settings-fields.js'
import { durationSchema } from './field-schemas.js'
import { zodErrorOptions as E } from './zod-messages.js'

export interface SelfCheckSpec {
  /** pinged with GET; a secret (it carries the switch's key): never logged whole */
  pingUrl: string
  everyMs: number
}

export const DEFAULT_SELF_CHECK_EVERY_MS = 60_000

export const selfCheckSchema = z
  .strictObject(
    {
      ping_url: httpUrl('ping_url'),
      every: durationSchema
        .refine((ms) => ms >= 1_000 && ms <= 86_400_000, { error: 'must be from 1s to 1d' })
        .optional(),
    },
    E,
  )
  .transform((s): SelfCheckSpec => ({ pingUrl: s.ping_url, everyMs: s.every ?? DEFAULT_SELF_CHECK_EVERY_MS }))
