// The real borgmatic 1.7.7 and borg ping a `backwatch serve` child through borgmatic's healthchecks
// hook; the server notifies through two channels: e-mail through a real SMTP server and a signed
// webhook. A failing run sends exactly one of each; the next success exactly one resolution each.
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from './support/app.js'
import { borgmaticLab, healthchecksHook } from './support/borgmatic.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { verifyStandardWebhook } from './support/standard-webhook.js'
import { hasTool } from './support/tools.js'

const TOKEN = 'e2e-notify-admin-token-0123456789'
const UUID = '3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
const JOB = 'lab-borgmatic-notify'
const SECRET = `whsec_${Buffer.from('backwatch-borgmatic-notify-secret').toString('base64')}`
const tools = hasTool('borgmatic') && hasTool('borg')

interface Mail {
  envelopeTo: string[]
  parsed: ParsedMail
}

describe.skipIf(!tools)('borgmatic failure and recovery notify by e-mail and webhook', () => {
  const lab = borgmaticLab('backwatch-e2e-notify-')
  const repo = join(lab.dir, 'repo')
  let hook: Receiver | null = null
  let smtp: SMTPServer | null = null
  const mails: Mail[] = []

  // biome-ignore lint/suspicious/noExplicitAny: test payloads are read loosely
  const hookBodies = () => hook!.requests.map((r) => JSON.parse(r.body) as any)
  const settle = () => new Promise((r) => setTimeout(r, 750))
  const borgmatic = () => lab.borgmatic('borgmatic.yaml')

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      secure: false,
      // nodemailer would upgrade to TLS when offered; smtp-server's built-in certificate is
      // self-signed, so the test server offers plain SMTP only.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, cb) {
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address)
        simpleParser(stream)
          .then((parsed) => {
            mails.push({ envelopeTo, parsed })
            cb()
          })
          .catch((err: Error) => cb(err))
      },
    })
    await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    hook = await startReceiver()

    const server = await lab.start(
      [
        'jobs:',
        `  - slug: ${JOB}`,
        `    uuid: ${UUID}`,
        '    tool: borgmatic',
        '    schedule: {every: 1d}',
        'channels:',
        '  - name: ops-mail',
        '    type: email',
        '    to: [ops@example.com]',
        '    from: Backwatch <backwatch@example.com>',
        `    smtp: {host: 127.0.0.1, port: ${smtpPort}, secure: false}`,
        '  - name: ops-hook',
        '    type: webhook',
        `    url: ${hook.url}/hook`,
        '    secret_env: E2E_NOTIFY_HOOK_SECRET',
        '',
      ].join('\n'),
      { token: TOKEN, env: { E2E_NOTIFY_HOOK_SECRET: SECRET } },
    )
    lab.writeConfig('borgmatic.yaml', repo, healthchecksHook(server.url, UUID))
  }, 60_000)

  afterAll(async () => {
    await lab.stop()
    await hook?.close()
    if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()))
  })

  it('a failing run (repository missing) sends exactly one e-mail and one webhook call', async () => {
    // No `borg init` yet: the repository does not exist.
    const result = borgmatic()
    expect(result.status).not.toBe(0)
    await eventually(async () => mails.length >= 1 && hook!.requests.length >= 1, 15_000)
    await settle()
    expect(mails).toHaveLength(1)
    expect(hook!.requests).toHaveLength(1)

    const mail = mails[0]!
    expect(mail.envelopeTo).toEqual(['ops@example.com'])
    expect(mail.parsed.from?.text).toContain('backwatch@example.com')
    expect(mail.parsed.subject).toMatch(/^\[CRITICAL\] /)
    expect(mail.parsed.subject).toContain(JOB)
    // the alert's summary says why: borg's error line from the failure ping's body
    const summary = hookBodies()[0].alert.summary as string
    expect(summary).toMatch(new RegExp(`failed: \\S*${JOB}: Repository ${repo} does not exist\\.$`))
    expect(mail.parsed.text).toContain(summary)
    // borgmatic's own error, from the log tail its hook sent with the failure ping
    expect(mail.parsed.text).toMatch(/does not exist|not a valid repository/i)
    expect(mail.parsed.html || '').toMatch(/does not exist|not a valid repository/i)

    const [req] = hook!.requests
    expect(req!.path).toBe('/hook')
    expect(verifyStandardWebhook(SECRET, req!.headers, req!.body)).toBe(true)
    expect(hookBodies()[0]).toMatchObject({
      type: 'alert.opened',
      alert: { type: 'job.failed', severity: 'critical', status: 'active', job: JOB },
    })
    expect(hookBodies()[0].alert.log_tail).toMatch(/does not exist|not a valid repository/i)
  }, 150_000)

  it('the next successful run (after borg init) sends exactly one resolution on each channel', async () => {
    lab.initRepo(repo)
    const result = borgmatic()
    expect(result.status, result.stderr).toBe(0)
    await eventually(async () => mails.length >= 2 && hook!.requests.length >= 2, 15_000)
    await settle()
    expect(mails).toHaveLength(2)
    expect(hook!.requests).toHaveLength(2)

    const resolved = mails[1]!.parsed
    expect(resolved.subject).toMatch(/^\[RESOLVED\] /)
    expect(resolved.subject).toContain(JOB)
    // The resolution threads with the opening.
    expect(resolved.inReplyTo).toBeDefined()
    expect(resolved.inReplyTo).toBe(mails[0]!.parsed.inReplyTo)

    const req = hook!.requests[1]!
    expect(verifyStandardWebhook(SECRET, req.headers, req.body)).toBe(true)
    expect(req.headers['webhook-id']).not.toBe(hook!.requests[0]!.headers['webhook-id'])
    expect(hookBodies()[1]).toMatchObject({
      type: 'alert.resolved',
      alert: { type: 'job.failed', status: 'resolved', job: JOB, id: hookBodies()[0].alert.id },
    })
  }, 150_000)
})
