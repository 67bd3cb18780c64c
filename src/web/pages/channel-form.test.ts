import { describe, expect, it } from 'vitest'
import { channelMapFromForm } from './channel-form.js'

const form = (fields: Record<string, string>) => new URLSearchParams(fields)

describe('channelMapFromForm', () => {
  it("reads the chosen kind's fields only, nested and listed as the API takes them", () => {
    const map = channelMapFromForm(
      form({
        _csrf: 'x',
        name: ' mail ',
        type: 'email',
        min_severity: 'warning',
        'email.to': 'a@example.com, b@example.com,',
        'email.from': 'bw@example.com',
        'email.smtp.host': 'smtp.example.com',
        'email.smtp.port': '465',
        'email.smtp.secure': 'on',
        'email.smtp.user': '',
        'webhook.url': 'http://ignored.example/',
      }),
    )
    expect(map).toEqual({
      name: 'mail',
      type: 'email',
      min_severity: 'warning',
      send_resolved: false,
      to: ['a@example.com', 'b@example.com'],
      from: 'bw@example.com',
      smtp: { host: 'smtp.example.com', port: 465, secure: true },
    })
  })

  it('leaves a bad number and an unknown kind for the schema to refuse', () => {
    expect(channelMapFromForm(form({ type: 'email', 'email.smtp.port': 'abc' })).smtp).toEqual({
      port: 'abc',
    })
    expect(channelMapFromForm(form({ name: 'x', type: 'command', send_resolved: 'on' }))).toEqual({
      name: 'x',
      type: 'command',
      send_resolved: true,
    })
  })
})
