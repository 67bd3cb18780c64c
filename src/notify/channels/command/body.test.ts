import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../../test/support/receivers-fixtures.js'
import { commandSettings } from '../../../config/channels/command.js'
import { buildCommandInvocation } from './body.js'

describe('command invocation', () => {
  it.each([
    [{}, 'opened', 'active'],
    [{ transition: 'resolved' as const }, 'resolved', 'resolved'],
    [{ transition: 'test' as const }, 'test', 'active'],
  ])('%j → env and stdin', (o, transition, status) => {
    const n = aNotification(o)
    const inv = buildCommandInvocation(
      n,
      commandSettings.parse({ command: ['/bin/notify', '--x', '$(rm -rf /)'] }),
    )
    expect(inv.file).toBe('/bin/notify')
    expect(inv.args).toEqual(['--x', '$(rm -rf /)'])
    expect(inv.timeoutMs).toBe(30_000)
    expect(inv.env).toMatchObject({
      BACKWATCH_ALERT_ID: '42',
      BACKWATCH_ALERT_TYPE: 'job.failed',
      BACKWATCH_ALERT_SEVERITY: 'critical',
      BACKWATCH_ALERT_STATUS: status,
      BACKWATCH_ALERT_JOB: 'nightly',
      BACKWATCH_ALERT_SERVER: 'prod-sql-01',
      BACKWATCH_ALERT_SUMMARY: 'borgmatic exited with code 2',
      BACKWATCH_TRANSITION: transition,
    })
    expect(JSON.parse(inv.stdin)).toEqual(n)
  })

  it('null job or server → empty variable', () => {
    const inv = buildCommandInvocation(
      aNotification({ alert: { job: null } }),
      commandSettings.parse({ command: ['x'] }),
    )
    expect(inv.env.BACKWATCH_ALERT_JOB).toBe('')
  })
})

describe('command settings', () => {
  it.each([
    [{ command: 'notify --all' }, 'list of arguments'],
    [{ command: [] }, 'must name a program'],
    [{ command: [''] }, 'must name a program'],
    [{ command: ['x'], timeout: 'soon' }, 'invalid duration'],
  ])('%j is rejected', (input, msg) => {
    expect(JSON.stringify(commandSettings.safeParse(input).error?.issues)).toContain(msg)
  })

  it('parses the timeout', () => {
    expect(commandSettings.parse({ command: ['x'], timeout: '2m' }).timeout).toBe(120_000)
  })
})
