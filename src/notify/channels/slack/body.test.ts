import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
import { slackSettings } from '../../../config/channels/slack.js'
import { buildSlackRequest, slackEscape } from './body.js'

const s = slackSettings.parse({ url: 'https://hooks.slack.com/services/T/B/x' })

describe('slack body', () => {
  it.each([
    ['opened', '[CRITICAL] backup failed: prod-sql-01/nightly', true],
    ['resolved', '[RESOLVED] backup failed: prod-sql-01/nightly', false],
    ['test', '[TEST] backup failed: prod-sql-01/nightly', true],
  ] as const)('%s: text, summary section, context and log tail', (transition, title, withLog) => {
    const req = buildSlackRequest(aNotification({ transition }), s)
    const body = JSON.parse(req.body)
    expect(req.url).toBe(s.url)
    expect(body.text).toContain(title)
    expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } })
    expect(body.blocks[0].text.text).toContain(`*${title}*`)
    expect(body.blocks[1].type).toBe('context')
    const context = body.blocks[1].elements.map((e: { text: string }) => e.text).join(' ')
    expect(context).toContain('*Job:* nightly')
    expect(context).toContain('*Server:* prod-sql-01')
    expect(context).toContain('*Severity:* critical')
    expect(context).toContain('<https://backwatch.example/api/v1/alerts/42|Open in Backwatch>')
    expect(body.blocks.length === 3).toBe(withLog)
  })

  it('escapes mrkdwn control characters', () => {
    expect(slackEscape('<@here> & co')).toBe('&lt;@here&gt; &amp; co')
    const body = JSON.parse(
      buildSlackRequest(aNotification({ alert: { summary: '<!channel> a>b' } }), s).body,
    )
    expect(body.blocks[0].text.text).toContain('&lt;!channel&gt; a&gt;b')
  })

  it('a batch: the count as text, one line per notification, no per-alert facts', () => {
    const body = JSON.parse(buildSlackRequest(aBatch(3), s).body)
    expect(body.text).toBe('[CRITICAL] 3 backup notifications')
    expect(body.blocks[0].text.text.split('\n')).toEqual([
      '*[CRITICAL] 3 backup notifications*',
      ...[1, 2, 3].map(
        (i) => `[CRITICAL] opened: backup failed: prod-sql-01/job-${i} — borgmatic exited with code 2`,
      ),
    ])
    expect(body.blocks[1].elements).toEqual([
      { type: 'mrkdwn', text: '<https://backwatch.example/api/v1/alerts|Open in Backwatch>' },
    ])
    expect(body.blocks).toHaveLength(2)
  })

  it('a batch of 25 long lines stays within 3000 characters and says what it left out', () => {
    const text = JSON.parse(buildSlackRequest(aBatch(25, { summary: 'x'.repeat(500) }), s).body).blocks[0]
      .text.text as string
    expect(text.length).toBeLessThanOrEqual(3000)
    expect(text).toMatch(/\n… and \d+ more$/)
  })
})
