import { describe, expect, it } from 'vitest'
import { REDACTED } from '../notify/channel-redact.js'
import { mergeChannelPatch } from './channel-patch.js'

const mail = {
  name: 'm',
  type: 'email',
  to: ['a@b.c'],
  from: 'bw@b.c',
  smtp: { host: 'h', user: 'bw', password: 'pw' },
  min_severity: 'warning',
}

describe('mergeChannelPatch', () => {
  it.each([
    ['merges top-level keys', { to: ['x@y.z'] }, { ...mail, to: ['x@y.z'] }],
    ['null removes a key', { min_severity: null }, { ...mail, min_severity: undefined }],
    [
      'a replaced smtp keeps the password left out',
      { smtp: { host: 'h2', user: 'bw' } },
      { ...mail, smtp: { host: 'h2', user: 'bw', password: 'pw' } },
    ],
    [
      'the redacted password sent back keeps the stored one',
      { smtp: { host: 'h', user: 'bw', password: REDACTED } },
      mail,
    ],
    [
      'a new password replaces it',
      { smtp: { host: 'h', user: 'bw', password: 'new' } },
      { ...mail, smtp: { host: 'h', user: 'bw', password: 'new' } },
    ],
    [
      'null inside smtp removes the password',
      { smtp: { host: 'h', password: null } },
      { ...mail, smtp: { host: 'h' } },
    ],
    [
      'password_env replaces the password',
      { smtp: { host: 'h', user: 'bw', password_env: 'PW' } },
      { ...mail, smtp: { host: 'h', user: 'bw', password_env: 'PW' } },
    ],
  ])('%s', (_what, patch, want) => {
    expect(mergeChannelPatch(mail, patch)).toEqual(JSON.parse(JSON.stringify(want)))
  })

  it('a value and its _env reference replace each other at the top level', () => {
    const hook = { name: 'w', type: 'webhook', url: 'http://h/x', secret: 'whsec_x' }
    expect(mergeChannelPatch(hook, { secret_env: 'S' })).toEqual({
      name: 'w',
      type: 'webhook',
      url: 'http://h/x',
      secret_env: 'S',
    })
    expect(
      mergeChannelPatch({ ...hook, secret: undefined, secret_env: 'S' }, { secret: 'whsec_y' }),
    ).toMatchObject({
      secret: 'whsec_y',
    })
    expect(
      mergeChannelPatch({ name: 'w', type: 'webhook', secret_env: 'S' }, { secret: 'whsec_y' }),
    ).not.toHaveProperty('secret_env')
  })
})
