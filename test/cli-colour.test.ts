// Colour and the terminal: the built CLI colours status words only on a terminal (a real
// pseudo-terminal through util-linux `script`), never when piped unless FORCE_COLOR asks, never
// with NO_COLOR or FORCE_COLOR=0; colour never moves a column. On a terminal `jobs delete` asks.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'
import { builtCli, builtCliOnTty, requireFreshBuild } from './support/built-cli.js'
import { seedFleet } from './support/cli-fleet.js'

const T = '2026-01-05T12:00:00Z'
const ESC = '\x1b['
const hasScript = spawnSync('script', ['--version']).status === 0
const plain = (s: string) => s.replace(/\x1b\[\d+m/g, '')

let t: TestApp
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  BACKWATCH_URL: t.url,
  BACKWATCH_TOKEN: ADMIN_TOKEN,
  BACKWATCH_NOW: T,
  ...extra,
})

beforeAll(async () => {
  requireFreshBuild()
  t = await startTestApp({}, { clock: new ManualClock(Date.parse(T)) })
  await seedFleet(t)
})
afterAll(() => t.close())

describe('colour', () => {
  it('is off when piped; FORCE_COLOR=1 turns it on, NO_COLOR wins over it', async () => {
    const piped = await builtCli(['runs'], env())
    expect(piped.code).toBe(0)
    expect(piped.stdout).not.toContain(ESC)
    const forced = await builtCli(['runs'], env({ FORCE_COLOR: '1' }))
    expect(forced.stdout).toContain(`${ESC}31mfailed (error)${ESC}0m`)
    expect(forced.stdout).toContain(`${ESC}32msucceeded${ESC}0m`)
    expect(plain(forced.stdout)).toBe(piped.stdout) // the columns stay where they were
    for (const off of [{ FORCE_COLOR: '1', NO_COLOR: '1' }, { FORCE_COLOR: '0' }]) {
      expect((await builtCli(['runs'], env(off))).stdout).toBe(piped.stdout)
    }
    const json = await builtCli(['runs', '--json'], env({ FORCE_COLOR: '1' }))
    expect(json.stdout).not.toContain(ESC)
  })

  it.skipIf(!hasScript)('is on at a terminal unless NO_COLOR or FORCE_COLOR=0', async () => {
    const tty = await builtCliOnTty(['servers'], env())
    expect(tty.code).toBe(0)
    expect(tty.stdout).toContain(`${ESC}32monline${ESC}0m`)
    for (const off of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }]) {
      const r = await builtCliOnTty(['servers'], env(off))
      expect(r.stdout, JSON.stringify(off)).toContain('online')
      expect(r.stdout, JSON.stringify(off)).not.toContain(ESC)
    }
  })
})

describe.skipIf(!hasScript)('jobs delete on a terminal', () => {
  it('asks, keeps the job on "n" and deletes it on "y"', async () => {
    const no = await builtCliOnTty(['jobs', 'delete', 'web01-files'], env(), 'n\n')
    expect(no.code).toBe(1)
    expect(no.stdout).toContain('Delete job web01-files and all its runs? [y/N]')
    expect(no.stdout).toContain('not deleted')
    expect((await t.api('GET', '/jobs/web01-files')).status).toBe(200)
    const yes = await builtCliOnTty(['jobs', 'delete', 'web01-files'], env(), 'y\n')
    expect(yes.code, yes.stdout).toBe(0)
    expect(yes.stdout).toContain('deleted job web01-files')
    expect((await t.api('GET', '/jobs/web01-files')).status).toBe(404)
  })
})
