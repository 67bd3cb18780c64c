import { describe, expect, it } from 'vitest'
import { classifyOutcome, type OutcomeEvidence } from './run-outcome.js'

const cases: [string, OutcomeEvidence, string, string | null][] = [
  ['exit 0', { exitCode: 0 }, 'succeeded', null],
  ['success ping', { exitCode: null, claimed: 'succeeded' }, 'succeeded', null],
  ['fail ping', { exitCode: null, claimed: 'failed' }, 'failed', 'error'],
  ['no evidence at all', { exitCode: null }, 'failed', 'error'],
  ['generic exit 1', { exitCode: 1 }, 'failed', 'error'],
  ['listed warning code', { exitCode: 24, warningExitCodes: [24] }, 'warning', null],
  ['borg rc 1', { exitCode: 1, tool: 'borg' }, 'warning', null],
  ['borg 1.4 rc 107', { exitCode: 107, tool: 'borg' }, 'warning', null],
  ['borg rc 2', { exitCode: 2, tool: 'borg' }, 'failed', 'error'],
  ['borg 1.4 rc 73', { exitCode: 73, tool: 'borg' }, 'failed', 'locked'],
  ['restic rc 3', { exitCode: 3, tool: 'restic' }, 'warning', null],
  ['resticprofile rc 3', { exitCode: 3, tool: 'resticprofile' }, 'warning', null],
  ['restic rc 11', { exitCode: 11, tool: 'restic' }, 'failed', 'locked'],
  ['rc 11 of a generic job', { exitCode: 11 }, 'failed', 'error'],
  ['borgmatic rc 1', { exitCode: 1, tool: 'borgmatic' }, 'failed', 'error'],
  ['SIGINT', { exitCode: 130 }, 'failed', 'canceled'],
  ['SIGTERM', { exitCode: 143, tool: 'restic' }, 'failed', 'canceled'],
  ['signaled', { exitCode: null, signaled: true }, 'failed', 'canceled'],
  [
    'restic lock text',
    {
      exitCode: 1,
      tool: 'restic',
      errorText: 'unable to create lock in backend: repository is already locked exclusively by PID 1',
    },
    'failed',
    'locked',
  ],
  [
    'borg lock text in a fail ping',
    {
      exitCode: null,
      claimed: 'failed',
      errorText: 'Failed to create/acquire the lock /r/lock.exclusive (timeout).',
    },
    'failed',
    'locked',
  ],
  [
    'borg --log-json LockTimeout',
    { exitCode: 2, tool: 'borg', errorText: '{"type": "log_message", "msgid": "LockTimeout"}' },
    'failed',
    'locked',
  ],
  [
    'lock text on a success is ignored',
    { exitCode: 0, errorText: 'repository is already locked' },
    'succeeded',
    null,
  ],
  ['explicit failed beats tool warning', { exitCode: 1, tool: 'borg', claimed: 'failed' }, 'failed', 'error'],
  ['explicit warning', { exitCode: null, claimed: 'warning' }, 'warning', null],
]

describe('classifyOutcome', () => {
  it.each(cases)('%s', (_name, evidence, status, failureKind) => {
    expect(classifyOutcome(evidence)).toEqual({ status, failureKind })
  })
})
