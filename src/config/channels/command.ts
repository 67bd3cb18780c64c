import { z } from 'zod'
import { DurationError, parseDuration } from '../../domain/duration.js'

export const commandSettings = z.strictObject({
  /** the program and its arguments; run directly, never through a shell */
  command: z
    .array(
      z.string().refine((s) => !s.includes('\0'), { error: 'command arguments must not contain NUL' }),
      {
        error:
          'command must be a list of arguments, e.g. ["/usr/local/bin/page-oncall", "--team", "backups"]; ' +
          'it is run directly, never through a shell',
      },
    )
    .min(1, { error: 'command must name a program' })
    .refine((argv) => (argv[0] ?? '').trim() !== '', { error: 'command must name a program' }),
  /** how long the program may run ("30s", "2m"); default 30s */
  timeout: z
    .string()
    .default('30s')
    .transform((value, ctx) => {
      try {
        return parseDuration(value)
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          message: `command timeout: ${err instanceof DurationError ? err.message : err}`,
        })
        return z.NEVER
      }
    }),
})
export type CommandSettings = z.infer<typeof commandSettings>
