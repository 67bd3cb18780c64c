import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
import { teamsSettings } from '../../../config/channels/teams.js'
import { buildTeamsRequest } from './body.js'

const url = 'https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x'

describe('teams body', () => {
  it.each([
    ['opened', 'Attention'],
    ['resolved', 'Good'],
    ['test', 'Accent'],
  ] as const)('%s: Adaptive Card envelope', (transition, color) => {
    const body = JSON.parse(buildTeamsRequest(aNotification({ transition }), { url }).body)
    expect(body.type).toBe('message')
    expect(body.attachments).toHaveLength(1)
    const [att] = body.attachments
    expect(att.contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(att.content).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
    })
    expect(att.content.body[0]).toMatchObject({ type: 'TextBlock', color, weight: 'Bolder' })
    expect(att.content.body[2].type).toBe('FactSet')
    expect(att.content.actions[0]).toMatchObject({
      type: 'Action.OpenUrl',
      url: 'https://backwatch.example/api/v1/alerts/42',
    })
  })
})

describe('teams settings', () => {
  it.each([
    [url, true],
    [
      'https://default123.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/x',
      true,
    ],
    ['https://contoso.webhook.office.com/webhookb2/1234@abcd/IncomingWebhook/5678/efgh', false],
    ['https://outlook.office.com/webhook/1234@abcd/IncomingWebhook/5678/efgh', false],
    ['not a url', false],
  ])('%s → %s', (u, ok) => {
    const r = teamsSettings.safeParse({ url: u })
    expect(r.success).toBe(ok)
  })

  it('says to create a Workflows webhook for a retired connector URL', () => {
    const r = teamsSettings.safeParse({
      url: 'https://contoso.webhook.office.com/webhookb2/x/IncomingWebhook/y/z',
    })
    expect(r.error?.issues[0]?.message).toMatch(/retired.*Workflows/)
  })

  it('a batch: the count as title, the lines, no facts', () => {
    const card = JSON.parse(buildTeamsRequest(aBatch(2), { url }).body).attachments[0].content
    expect(card.body[0].text).toBe('[CRITICAL] 2 backup notifications')
    expect(card.body[1].text.split('\n')).toHaveLength(2)
    expect(card.body[2].facts).toEqual([])
  })
})
