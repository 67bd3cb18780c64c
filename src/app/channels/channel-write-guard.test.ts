import { describe, expect, it } from 'vitest'
import type { StoredChannel } from '../../store/roles/channel-store.js'
import { channelWriteProblems } from './channel-write-guard.js'

const stored = (spec: Record<string, unknown>): StoredChannel => ({
  projectId: 1,
  name: 'c',
  kind: String(spec.type),
  spec: { name: 'c', ...spec },
  source: 'config',
  createdAt: 0,
  updatedAt: 0,
})

const paths = (body: Record<string, unknown>, result: Record<string, unknown>, s: StoredChannel | null) =>
  channelWriteProblems(body, result, s).map((p) => p.path.join('.'))

describe('channelWriteProblems', () => {
  it('refuses command channels, new or stored', () => {
    const cmd = { name: 'c', type: 'command', command: ['/bin/true'] }
    expect(paths(cmd, cmd, null)).toEqual(['type'])
    const fromFile = stored({ type: 'command', command: ['/usr/local/bin/page'] })
    expect(paths({ command: ['/bin/sh'] }, { ...fromFile.spec, command: ['/bin/sh'] }, fromFile)).toEqual([
      'type',
    ])
  })

  it('allows environment references only to BACKWATCH_CHANNEL_* variables, at any depth', () => {
    const body = {
      name: 'c',
      type: 'email',
      to: ['a@b'],
      from: 'x@b',
      smtp: { host: 'h', password_env: 'PGPASSWORD', user_env: 'BACKWATCH_CHANNEL_SMTP_USER' },
    }
    expect(paths(body, body, null)).toEqual(['smtp.password_env'])
  })

  it('refuses a type change', () => {
    const s = stored({ type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' })
    expect(paths({ type: 'webhook' }, { ...s.spec, type: 'webhook' }, s)).toEqual(['type'])
  })

  it('a new destination must get every secret sent again; the same destination keeps them', () => {
    const s = stored({
      type: 'email',
      to: ['a@b'],
      from: 'x@b',
      smtp: { host: 'mail.example', port: 587, user: 'u', password: 'pw' },
    })
    const sameHost = { ...s.spec, to: ['c@d'] }
    expect(paths({ to: ['c@d'] }, sameHost, s)).toEqual([])
    const moved = { ...s.spec, smtp: { host: 'evil.example', port: 587, user: 'u', password: 'pw' } }
    expect(paths({ smtp: { host: 'evil.example' } }, moved, s)).toEqual(['smtp.password'])
    expect(paths({ smtp: { host: 'evil.example', password: 'new' } }, moved, s)).toEqual([])
    const hook = stored({
      type: 'webhook',
      url: 'https://a.example/x',
      headers: { Authorization: 'Bearer t' },
    })
    const redirected = { ...hook.spec, url: 'https://b.example/x' }
    expect(paths({ url: 'https://b.example/x' }, redirected, hook)).toEqual(['headers.Authorization'])
    expect(
      paths({ url: 'https://b.example/x', headers: { Authorization: '[redacted]' } }, redirected, hook),
    ).toEqual(['headers.Authorization'])
  })
})
