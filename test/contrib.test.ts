// The packaging examples in contrib/ checked by the tools that will read them: systemd's own
// verifier for the units, Backwatch's check-config for the example config, borgmatic's
// validator for the borgmatic config, the shell for the scripts.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT, runBackwatch } from './support/child.js'
import { hasTool } from './support/tools.js'

const CONTRIB = join(ROOT, 'contrib')
const tmp = mkdtempSync(join(tmpdir(), 'backwatch-contrib-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe.skipIf(!hasTool('systemd-analyze'))('contrib/systemd', () => {
  // the units name /usr/local/bin/backwatch, which systemd checks exists: verify copies that
  // point at this checkout's bin/backwatch.js instead
  const verify = (files: string[]) => {
    const copies = files.map((file) => {
      const text = readFileSync(join(CONTRIB, 'systemd', file), 'utf8')
      const copy = join(tmp, file)
      writeFileSync(copy, text.replaceAll('/usr/local/bin/backwatch', join(ROOT, 'bin', 'backwatch.js')))
      return copy
    })
    return spawnSync('systemd-analyze', ['verify', ...copies], { encoding: 'utf8' })
  }

  it('passes systemd-analyze verify without a warning', () => {
    const units = readdirSync(join(CONTRIB, 'systemd'))
    expect(units.sort()).toEqual([
      'backwatch-heartbeat.service',
      'backwatch-heartbeat.timer',
      'backwatch.service',
    ])
    const result = verify(units)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('would catch a broken unit (the verifier is really consulted)', () => {
    const text = readFileSync(join(CONTRIB, 'systemd', 'backwatch.service'), 'utf8')
    const broken = join(tmp, 'broken')
    mkdirSync(broken)
    writeFileSync(join(broken, 'backwatch.service'), text.replace('ExecStart=', 'ExecStrat='))
    const result = spawnSync('systemd-analyze', ['verify', join(broken, 'backwatch.service')], {
      encoding: 'utf8',
    })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain("Unknown key 'ExecStrat'")
  })

  it('runs serve as its own user on a state directory, hardened', () => {
    const unit = readFileSync(join(CONTRIB, 'systemd', 'backwatch.service'), 'utf8')
    for (const line of [
      'User=backwatch',
      'StateDirectory=backwatch',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
    ]) {
      expect(unit).toContain(line)
    }
    expect(unit).toMatch(/^ExecStart=\/usr\/local\/bin\/backwatch serve /m)
  })
})

describe('contrib/backwatch.example.yaml', () => {
  const env = {
    BACKWATCH_INGEST_TOKEN: 'ingest-token-0123456789abcdef',
    BACKWATCH_READ_TOKEN: 'read-token-0123456789abcdef',
    SMTP_PASSWORD: 'smtp-password',
    BACKWATCH_WEBHOOK_URL: 'https://hooks.example.com/backwatch',
    BACKWATCH_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
  }

  it('is a valid config once its secrets are in the environment', () => {
    const result = runBackwatch(['check-config', join(CONTRIB, 'backwatch.example.yaml')], env)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('names every secret it needs: without the environment check-config lists them', () => {
    const result = runBackwatch(['check-config', join(CONTRIB, 'backwatch.example.yaml')])
    expect(result.status).toBe(1)
    for (const name of Object.keys(env)) expect(result.stderr).toContain(name)
  })
})

describe.skipIf(!hasTool('validate-borgmatic-config'))('contrib/borgmatic/config.yaml', () => {
  it('is valid for borgmatic and pings Backwatch through the healthchecks hook', () => {
    const file = join(CONTRIB, 'borgmatic', 'config.yaml')
    const result = spawnSync('validate-borgmatic-config', ['-c', file], { encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    const config = parse(readFileSync(file, 'utf8')) as { hooks: { healthchecks: { ping_url: string } } }
    expect(config.hooks.healthchecks.ping_url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/ping\/[0-9a-f-]{36}$/)
  })
})

describe('contrib restic and resticprofile examples', () => {
  it('are shell scripts sh accepts, wrapping restic with backwatch run', () => {
    for (const script of ['restic/backup.sh', 'resticprofile/report.sh']) {
      const result = spawnSync('sh', ['-n', join(CONTRIB, script)], { encoding: 'utf8' })
      expect(result.status, `${script}: ${result.stderr}`).toBe(0)
    }
    expect(readFileSync(join(CONTRIB, 'restic', 'backup.sh'), 'utf8')).toContain('backwatch run --job')
  })

  it('has resticprofile write the status file report.sh posts as format=resticprofile', () => {
    const profiles = parse(readFileSync(join(CONTRIB, 'resticprofile', 'profiles.yaml'), 'utf8')) as {
      default: { 'status-file': string }
    }
    const report = readFileSync(join(CONTRIB, 'resticprofile', 'report.sh'), 'utf8')
    expect(report).toContain(`@${profiles.default['status-file']}`)
    expect(report).toContain('format=resticprofile')
  })
})
