import { createTransport } from 'nodemailer'
import { type EmailSettings, emailSettings, type SmtpSettings } from '../../../config/channels/email.js'
import { DeliveryError, type Notifier, type SendContext, type SendResult } from '../../notifier.js'
import { excerpt } from '../http-send.js'
import { buildEmail } from './body.js'

type Transporter = ReturnType<typeof createTransport>

/** pooled transports, one per SMTP configuration, kept for the life of the process */
const pools = new Map<string, Transporter>()

function transportFor(smtp: SmtpSettings): { transport: Transporter; once: boolean } {
  const options = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.require_tls,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  }
  if (!smtp.pool) return { transport: createTransport(options), once: true }
  const key = JSON.stringify(smtp)
  let transport = pools.get(key)
  if (!transport) {
    transport = createTransport({ ...options, pool: true })
    pools.set(key, transport)
  }
  return { transport, once: false }
}

/** Closes pooled SMTP connections (on shutdown). */
export function closeEmailPools(): void {
  for (const t of pools.values()) t.close()
  pools.clear()
}

/** SMTP errors: 5xx replies (except 503) and configuration problems are permanent; the rest is not. */
export function classifySmtpError(err: unknown): DeliveryError {
  const e = err as {
    message?: string
    code?: string
    responseCode?: number
    permanent?: boolean
    response?: string
  }
  const what = e.response ? excerpt(e.response) : (e.message ?? String(err))
  const code = e.responseCode ?? null
  let retryable: boolean
  if (e.code === 'EABORT') retryable = true
  else if (typeof e.permanent === 'boolean') retryable = !e.permanent
  else if (code !== null) retryable = code < 500 || code === 503
  else retryable = !['ECONFIG', 'ENOAUTH', 'EAUTH', 'EENVELOPE', 'EMESSAGE'].includes(e.code ?? '')
  return new DeliveryError(`email: ${e.code ? `${e.code} ` : ''}${what}`, retryable, null, code)
}

async function sendEmail(settings: EmailSettings, mail: ReturnType<typeof buildEmail>, ctx: SendContext) {
  const { transport, once } = transportFor(settings.smtp)
  try {
    const info = await transport.sendMail({ ...mail, signal: ctx.signal })
    const response = String(info.response ?? '')
    const status = Number(/^\d{3}/.exec(response)?.[0] ?? 250)
    return { status, detail: excerpt(response) } satisfies SendResult
  } catch (err) {
    throw classifySmtpError(err)
  } finally {
    if (once) transport.close()
  }
}

export const emailNotifier = {
  kind: 'email',
  // one SMTP conversation at a time per channel: servers refuse many at once ("421 too many connections")
  maxInFlight: 1,
  settings: emailSettings,
  send: (n, s, ctx) => sendEmail(s, buildEmail(n, s), ctx),
} satisfies Notifier<EmailSettings>
