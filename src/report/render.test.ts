import { describe, expect, it } from 'vitest'
import type { FleetReport, ProblemView } from './build-report.js'
import { csvField, renderCsv } from './render-csv.js'
import { cell, renderMarkdown } from './render-markdown.js'
import { oneLine, percent, renderText, subjectOf, utcMinute } from './render-text.js'

function problem(overrides: Partial<ProblemView>): ProblemView {
  return {
    id: 1,
    type: 'job.failed',
    severity: 'critical',
    status: 'active',
    job: 'nightly',
    server: 'db1',
    summary: 'Backup of db1/nightly failed: exit status 2',
    details: {},
    opened_at: '2026-11-22T04:10:31Z',
    resolved_at: null,
    silenced_by: null,
    ...overrides,
  }
}

function report(overrides: Partial<FleetReport> = {}): FleetReport {
  return {
    generated_at: '2026-11-22T05:32:04Z',
    servers_total: 10,
    servers_online: 6,
    servers_offline: 2,
    servers_without_jobs: 1,
    servers_up_to_date: 5,
    jobs_total: 40,
    jobs_by_status: { new: 1, up: 30, grace: 2, down: 5, paused: 2 },
    success_rate_24h: 0.975,
    success_rate_7d: 0.9924,
    alerts_active: { critical: 2, warning: 1, info: 0 },
    problems: [
      problem({}),
      problem({
        id: 2,
        type: 'server.offline',
        job: null,
        server: 'web-02',
        summary: 'Server web-02 is offline',
        silenced_by: { id: 4, name: 'web-maint', ends_at: '2026-11-22T08:00:00Z', comment: null },
      }),
      problem({
        id: 3,
        type: 'job.size_anomaly',
        severity: 'warning',
        job: 'mail_backup',
        server: null,
        summary: 'Backup of mail_backup is 5 MB, | 1/3 of the usual "15 MB",\nlook <here>',
        opened_at: '2026-11-21T23:00:00Z',
      }),
    ],
    problems_truncated: false,
    restore_tests: { jobs_verified: 0, oldest_verified_at: null },
    ...overrides,
  }
}

const TEXT = `Backwatch fleet report, 2026-11-22 05:32 UTC

Servers  10 total: 6 online, 2 offline, 1 without jobs, 5 up to date
Jobs     40 total: 30 up, 2 grace, 5 down, 2 paused, 1 new
Success  24 h: 97.5%, 7 d: 99.2% (finished runs that made a backup)
Alerts   2 critical, 1 warning, 0 info

CRITICAL  db1/nightly  job.failed        Backup of db1/nightly failed: exit status 2 (since 2026-11-22 04:10 UTC)
CRITICAL  web-02       server.offline    Server web-02 is offline (since 2026-11-22 04:10 UTC; silenced until 2026-11-22 08:00 UTC)
WARNING   mail_backup  job.size_anomaly  Backup of mail_backup is 5 MB, | 1/3 of the usual "15 MB", look <here> (since 2026-11-21 23:00 UTC)
`

const MARKDOWN = `# Backwatch fleet report

Generated 2026-11-22 05:32 UTC.

| | |
|---|---:|
| Servers | 10 |
| Servers online | 6 |
| Servers offline | 2 |
| Servers without jobs | 1 |
| Servers up to date | 5 |
| Jobs | 40 |
| Jobs up | 30 |
| Jobs grace | 2 |
| Jobs down | 5 |
| Jobs paused | 2 |
| Jobs new | 1 |
| Success rate, last 24 h | 97.5% |
| Success rate, last 7 d | 99.2% |
| Active alerts, critical | 2 |
| Active alerts, warning | 1 |
| Active alerts, info | 0 |

## Problems

| Severity | Type | Server | Job | Summary | Since |
|---|---|---|---|---|---|
| critical | job.failed | db1 | nightly | Backup of db1/nightly failed: exit status 2 | 2026-11-22 04:10 UTC |
| critical | server.offline | web-02 |  | Server web-02 is offline | 2026-11-22 04:10 UTC; silenced until 2026-11-22 08:00 UTC |
| warning | job.size_anomaly |  | mail\\_backup | Backup of mail\\_backup is 5 MB, \\| 1/3 of the usual "15 MB", look \\<here\\> | 2026-11-21 23:00 UTC |
`

const CSV = `severity,type,server,job,summary,opened_at,silenced_until
critical,job.failed,db1,nightly,Backup of db1/nightly failed: exit status 2,2026-11-22T04:10:31Z,
critical,server.offline,web-02,,Server web-02 is offline,2026-11-22T04:10:31Z,2026-11-22T08:00:00Z
warning,job.size_anomaly,,mail_backup,"Backup of mail_backup is 5 MB, | 1/3 of the usual ""15 MB"",
look <here>",2026-11-21T23:00:00Z,
`

describe('report renderers: golden output', () => {
  it.each([
    ['text', renderText, TEXT],
    ['markdown', renderMarkdown, MARKDOWN],
    ['csv', renderCsv, CSV],
  ] as const)('%s', (_name, render, golden) => {
    expect(render(report())).toBe(golden)
  })
})

describe('report renderers: restore tests', () => {
  const tested = report({ restore_tests: { jobs_verified: 12, oldest_verified_at: '2026-10-19T04:00:00Z' } })
  it('text and markdown say how many jobs are verified restorable and the least recent test', () => {
    expect(renderText(tested)).toContain(
      'Alerts   2 critical, 1 warning, 0 info\nRestores 12 jobs verified restorable, the least recently 34 d ago (2026-10-19 04:00 UTC)\n\n',
    )
    expect(renderMarkdown(tested)).toContain(
      '| Restore tests | 12 jobs verified restorable, the least recently 34 d ago (2026-10-19 04:00 UTC) |',
    )
  })
  it('no line without any restore test', () => {
    expect(renderText(report())).not.toContain('Restores')
    expect(renderMarkdown(report())).not.toContain('Restore tests')
  })
})

describe('report renderers: no problems, no runs, truncated', () => {
  const empty = report({
    success_rate_24h: null,
    success_rate_7d: null,
    alerts_active: { critical: 0, warning: 0, info: 0 },
    problems: [],
  })
  const cut = report({ problems: [problem({})], problems_truncated: true })

  it.each([
    ['text', renderText(empty), ['Success  24 h: no runs, 7 d: no runs', '\n\nNo active problems.\n']],
    [
      'markdown',
      renderMarkdown(empty),
      ['| Success rate, last 24 h | no runs |', '## Problems\n\nNo active problems.\n'],
    ],
    ['csv', renderCsv(empty), ['severity,type,server,job,summary,opened_at,silenced_until\n']],
    [
      'text, truncated',
      renderText(cut),
      ['\n… only the first 1 problems are listed (GET /api/v1/alerts?status=active has all)\n'],
    ],
    ['markdown, truncated', renderMarkdown(cut), ['|\n\nOnly the first 1 problems are listed.\n']],
  ])('%s', (_name, out, fragments) => {
    for (const f of fragments) expect(out).toContain(f)
  })

  it('csv of no problems is the header alone', () => {
    expect(renderCsv(empty)).toBe('severity,type,server,job,summary,opened_at,silenced_until\n')
  })
})

describe('report formatting helpers', () => {
  it.each([
    [null, 'no runs'],
    [1, '100.0%'],
    [0, '0.0%'],
    [0.975, '97.5%'],
    [0.57, '57.0%'],
    [0.99995, '99.9%'],
    [0.0004, '0.0%'],
  ])('percent(%s) = %s', (rate, text) => {
    expect(percent(rate)).toBe(text)
  })

  it.each([
    [{ server: 'db1', job: 'nightly' }, 'db1/nightly'],
    [{ server: null, job: 'nightly' }, 'nightly'],
    [{ server: 'db1', job: null }, 'db1'],
    [{ server: null, job: null }, '-'],
  ])('subjectOf(%o) = %s', (p, text) => {
    expect(subjectOf(p)).toBe(text)
  })

  it.each([
    ['a\nb\r\n  c', 'a b c'],
    ['red \u001b[31mtext\u001b[0m', 'red [31mtext [0m'],
    ['bell\u0007\u009b', 'bell'],
    ['  plain  ', 'plain'],
  ])('oneLine(%j) = %j', (input, out) => {
    expect(oneLine(input)).toBe(out)
  })

  it.each([
    ['db_1|x', 'db\\_1\\|x'],
    ['*bold* `code` [link](u) <b>~s~\\', '\\*bold\\* \\`code\\` \\[link\\](u) \\<b\\>\\~s\\~\\\\'],
  ])('cell(%j) = %j', (input, out) => {
    expect(cell(input)).toBe(out)
  })

  it.each([
    [null, ''],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('csvField(%j) = %j', (input, out) => {
    expect(csvField(input)).toBe(out)
  })

  it('utcMinute', () => {
    expect(utcMinute('2026-03-29T01:59:59Z')).toBe('2026-03-29 01:59 UTC')
  })
})
