import { z } from 'zod'

const address = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .regex(/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.?[^\s@<>]*>?$/, {
      error: `${what} must be an e-mail address ("ops@example.com" or "Ops <ops@example.com>")`,
    })

export const smtpSettings = z
  .strictObject(
    {
      host: z
        .string({ error: 'email smtp.host is required' })
        .trim()
        .min(1, { error: 'email smtp.host is required' }),
      /** 587 (submission, STARTTLS) by default; 465 with secure: true */
      port: z
        .number({ error: 'email smtp.port must be a number' })
        .int()
        .min(1)
        .max(65535, { error: 'email smtp.port must be 1-65535' })
        .default(587),
      /** true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when offered */
      secure: z.boolean({ error: 'email smtp.secure must be true or false' }).default(false),
      /** refuse to send when the server does not offer STARTTLS (with secure: false) */
      require_tls: z.boolean({ error: 'email smtp.require_tls must be true or false' }).default(false),
      user: z.string().trim().min(1, { error: 'email smtp.user must not be empty' }).optional(),
      /** the password (the config loader resolves password_env into it) */
      password: z.string().min(1, { error: 'email smtp.password must not be empty' }).optional(),
      /** keep connections open and reuse them */
      pool: z.boolean({ error: 'email smtp.pool must be true or false' }).default(false),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'email smtp is required: {host, port, secure, user, password}'
          : undefined,
    },
  )
  .refine((s) => s.password === undefined || s.user !== undefined, {
    error: 'email smtp.password needs smtp.user',
    path: ['user'],
  })

export const emailSettings = z.strictObject({
  to: z
    .array(address('email to'), { error: 'email to must be a list of addresses' })
    .min(1, { error: 'email to must list at least one address' }),
  from: address('email from'),
  smtp: smtpSettings,
})
export type EmailSettings = z.infer<typeof emailSettings>
export type SmtpSettings = z.infer<typeof smtpSettings>
