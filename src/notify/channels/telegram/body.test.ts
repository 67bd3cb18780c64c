import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
import { telegramSettings } from '../../../config/channels/telegram.js'
import { buildTelegramRequest, TELEGRAM_MAX } from './body.js'

const s = telegramSettings.parse({ bot_token: '123456:ABC-def_1', chat_id: -1001234 })

describe('telegram body', () => {
  it.each([
    ['HTML', '<b>[CRITICAL] backup failed: prod-sql-01/nightly</b>', 'HTML'],
    ['none', '[CRITICAL] backup failed: prod-sql-01/nightly', undefined],
  ] as const)('parse_mode %s', (mode, first, parseMode) => {
    const req = buildTelegramRequest(aNotification(), { ...s, parse_mode: mode })
    expect(req.url).toBe('https://api.telegram.org/bot123456:ABC-def_1/sendMessage')
    const body = JSON.parse(req.body)
    expect(body.chat_id).toBe(-1001234)
    expect(body.parse_mode).toBe(parseMode)
    expect(body.text.split('\n')[0]).toBe(first)
  })

  it('escapes HTML and stays within 4096', () => {
    const n = aNotification({ alert: { summary: '<script> & '.repeat(1000) } })
    const text = JSON.parse(buildTelegramRequest(n, s).body).text as string
    expect(text).toContain('&lt;script&gt; &amp;')
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX)
  })

  it.each([
    [{ bot_token: 'nope', chat_id: 1 }, 'BotFather'],
    [{ bot_token: '1:a', chat_id: 'general' }, 'chat_id'],
  ])('rejects %j', (input, msg) => {
    expect(JSON.stringify(telegramSettings.safeParse(input).error?.issues)).toContain(msg)
  })

  it.each(['HTML', 'none'] as const)('a batch of 25 (parse_mode %s): every line, within 4096', (mode) => {
    const text = JSON.parse(buildTelegramRequest(aBatch(25), { ...s, parse_mode: mode }).body).text as string
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX)
    const lines = text.split('\n')
    expect(lines.filter((l) => l.startsWith('[CRITICAL] opened: '))).toHaveLength(25)
    expect(lines[0]).toContain('[CRITICAL] 25 backup notifications')
  })
})
