import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

export const telegramSettings = z.strictObject({
  /** from @BotFather: `<digits>:<secret>` */
  bot_token: z
    .string({ error: 'telegram bot_token is required' })
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, {
      error: 'telegram bot_token must look like 123456:ABC-def (from @BotFather)',
    }),
  /** a chat id (-100… for groups and channels) or @channelusername */
  chat_id: z.union(
    [
      z.number().int(),
      z
        .string()
        .trim()
        .regex(/^(-?\d+|@[A-Za-z0-9_]{5,})$/),
    ],
    {
      error: 'telegram chat_id must be a numeric chat id or @channelusername',
    },
  ),
  /** HTML (default): bold title and a link; none: plain text */
  parse_mode: z.enum(['HTML', 'none'], { error: 'telegram parse_mode must be HTML or none' }).default('HTML'),
  /** Bot API base URL (a local Bot API server, or tests) */
  api_url: httpUrl('telegram api_url').default('https://api.telegram.org'),
})
export type TelegramSettings = z.infer<typeof telegramSettings>
