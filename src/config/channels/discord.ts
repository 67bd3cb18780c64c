import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

export const discordSettings = z.strictObject({
  /** the channel webhook URL (https://discord.com/api/webhooks/<id>/<token>) */
  url: httpUrl('discord url'),
  /** overrides the webhook's display name */
  username: z
    .string()
    .trim()
    .min(1)
    .max(80, { error: 'discord username must be at most 80 characters' })
    .optional(),
})
export type DiscordSettings = z.infer<typeof discordSettings>
