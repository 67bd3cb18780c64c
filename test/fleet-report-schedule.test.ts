// Scheduled fleet reports end to end (issue 16 item 3): a real `backwatch serve` whose channels
// have `fleet_report`, a real webhook receiver and a real SMTP server, and a failed run reported
// through the API so the report has something to say.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { type Receiver, startReceiver } from './support/receiver.js'

const TOKEN = 'fleet-report-admin-token-0123456789'

describe('scheduled fleet reports', () => {
  const tmp = tempDir('backwatch-fleet-report-')
  let rx: Receiver
  let smtp: SMTPServer
  let smtpPort = 0
  const mails: Buffer[] = []
  let server: ServerProcess

  beforeAll(async () => {
    rx = await startReceiver()
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, cb) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          mails.push(Buffer.concat(chunks))
          cb()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    smtpPort = (smtp.server.address() as { port: number }).port
    const config = join(tmp.dir, 'backwatch.yaml')
    writeFileSync(
      config,
      [
        'channels:',
        `  - {name: ops-hook, type: webhook, url: "${rx.url}/hook", min_severity: critical, fleet_report: {every: 2s}}`,
        `  - {name: ops-mail, type: email, to: [ops@example.com], from: backwatch@example.com, smtp: {host: 127.0.0.1, port: ${smtpPort}}, min_severity: critical, fleet_report: {every: 2s}}`,
        '',
      ].join('\n'),
    )
    server = await startServerProcess(
      ['--listen', '127.0.0.1:0', '--database', `sqlite:${join(tmp.dir, 'bw.db')}`, '--config', config],
      { BACKWATCH_API_TOKEN: TOKEN },
    )
    const res = await fetch(`${server.url}/api/v1/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        job: 'db1-nightly',
        create: true,
        server: 'db1',
        exit_code: 2,
        error: 'disk full',
      }),
    })
    expect(res.status).toBe(201)
  })
  afterAll(async () => {
    await server?.stop()
    await rx.close()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    tmp.cleanup()
  })

  const reports = () => rx.requests.filter((r) => r.json?.type === 'alert.report')
  // the reports sent after the failed run (the first may predate it)
  const withRun = () =>
    reports().filter((r) => (r.json!.alert as { details: { jobs_total: number } }).details.jobs_total === 1)

  it('posts the report to the webhook on schedule, one per instant, with the totals', async () => {
    await eventually(async () => withRun().length >= 2, 15_000)
    const [first, second] = withRun()
    const alert = first!.json!.alert as Record<string, unknown>
    expect(alert).toMatchObject({ type: 'report', severity: 'critical', job: null, server: null })
    expect(alert.summary).toBe(
      'Fleet report: 1 job, 1 down; success 0.0% (7 d); 1 critical, 0 warnings active',
    )
    expect(alert.details).toMatchObject({ jobs_total: 1, servers_total: 1, problems_listed: 1 })
    expect(String(alert.log_tail)).toContain('CRITICAL  db1/db1-nightly  job.failed')
    // each instant once: a different `at` every 2 s, never the same twice
    const ats = reports().map((r) => r.json!.at)
    expect(new Set(ats).size).toBe(ats.length)
    // on the 2 s grid; the scheduler sends the latest due instant, so a machine busy for over 2 s
    // skips one (a report is a summary, not a backlog): the gap is a whole number of periods
    const gap = Date.parse(String(second!.json!.at)) - Date.parse(String(first!.json!.at))
    expect(gap).toBeGreaterThanOrEqual(2000)
    expect(gap % 2000).toBe(0)
    for (const at of ats) expect(Date.parse(String(at)) % 2000).toBe(0)
    // the alert itself went to the channel as always (the report is in addition)
    expect(rx.requests.some((r) => r.json?.type === 'alert.opened')).toBe(true)
  })

  it('emails the whole text report, outside any alert thread', async () => {
    await eventually(async () => {
      for (const raw of mails)
        if ((await simpleParser(raw)).subject?.includes('Fleet report: 1 job')) return true
      return false
    }, 15_000)
    const parsed = await Promise.all(mails.map((raw) => simpleParser(raw)))
    const mail = parsed.find((m) => m.subject?.includes('Fleet report: 1 job'))!
    expect(mail.subject).toBe(
      '[CRITICAL] Fleet report: 1 job, 1 down; success 0.0% (7 d); 1 critical, 0 warnings active',
    )
    expect(mail.text).toContain('Report:\nBackwatch fleet report, ')
    expect(mail.text).toContain('Jobs     1 total: 0 up, 0 grace, 1 down, 0 paused, 0 new')
    expect(mail.inReplyTo).toBeUndefined()
    expect(mail.html).toContain('<h3>Report</h3>')
  })

  it('shows the schedule on the channel as written', async () => {
    const res = await fetch(`${server.url}/api/v1/channels/ops-hook`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Record<string, unknown>).fleet_report).toEqual({ every: '2s' })
  })
})
