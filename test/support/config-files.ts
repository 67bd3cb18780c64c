// Config files for the config loader's tests: written to a fresh directory each, loaded, and the
// problems of a ConfigError collected.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { type Config, ConfigError, type ConfigFlags, loadConfig } from '../../src/config/config.js'

const root = mkdtempSync(join(tmpdir(), 'backwatch-config-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let dirCount = 0
/** A fresh directory, optionally with files (name → lines). */
export function tempDir(files: Record<string, string[]> = {}): string {
  const dir = join(root, `d${dirCount++}`)
  mkdirSync(dir)
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return dir
}

interface LoadOpts {
  env?: NodeJS.ProcessEnv
  flags?: Partial<ConfigFlags>
}

/** Writes `lines` (line N is lines[N-1]) to a config file and loads it. */
export function load(lines: string[], opts: LoadOpts = {}): Config {
  const dir = tempDir({ 'bw.yaml': lines })
  return loadConfig({ flags: { config: 'bw.yaml', ...opts.flags }, env: opts.env ?? {}, cwd: dir })
}

export function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

export const FULL_EXAMPLE = [
  'listen: 0.0.0.0:9090',
  'database: postgres://backwatch:pw@db.internal:5432/backwatch',
  'base_url: https://backwatch.example.com/',
  'ping_key: abcDEF123_-xyz',
  'ping_body_limit: 200000',
  'tokens:',
  '  - {name: grafana, scope: read, token: "read-token-0123456789"}',
  '  - name: ci',
  '    scope: admin',
  '    token_env: BW_CI_TOKEN',
  'metrics: {public: true}',
  'limits: {jobs_per_request: 20, profiles_per_file: 300}',
  'servers:',
  '  - name: prod-sql-01',
  '    environment: production',
  '    tags: [db]',
  '    heartbeat_timeout: 15m',
  '  - {name: nas, heartbeat_timeout: null}',
  'policies:                       # per environment; also GET|PUT /api/v1/policies/{environment}',
  '  production:',
  '    max_age: 26h                # no successful backup for longer → job.stale',
  '    check_max_age: 8d           # no successful run of kind "check" for longer → job.check_overdue',
  '    restore_test_max_age: 35d   # no successful run of kind "restore_test" for longer → job.restore_untested',
  '    retention: {min_history: 30d, min_daily: 7, min_weekly: 4, min_monthly: 6}',
  '    size_anomaly: {low: 0.5, high: 2.0, min_samples: 5}',
  '    lock_failures: {warn_until: 3}   # "locked" failures stay warnings until 3 in a row',
  'jobs:',
  '  - slug: prod-sql-01-nightly',
  '    server: prod-sql-01',
  '    environment: production',
  '    tool: borgmatic',
  '    schedule: {cron: "0 2 * * *", tz: Europe/Berlin}',
  '    grace: 2h',
  '    retention: {keep_within: 2d, keep_daily: 7, keep_weekly: 4, keep_monthly: 6, keep_yearly: 1}',
  '  - slug: nas-photos',
  '    uuid: 0b7ac6c2-4f0e-4a55-9a61-2f1d1e0c7b11',
  '    name: NAS photos',
  '    server: nas',
  '    tags: [photos, nas]',
  '    tool: restic',
  '    schedule: {every: 1d}',
  '    max_duration: 3h',
  '    warning_exit_codes: [3]',
  '    paused: true',
  'channels:',
  '  - {name: ops-hook, type: webhook, url: "https://hooks.example.com/x", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", min_severity: warning}',
  '  - name: ops-mail',
  '    type: email',
  '    to: [ops@example.com]',
  '    from: backwatch@example.com',
  '    smtp: {host: 127.0.0.1, port: 587, secure: false, user: "bw", password_env: SMTP_PASSWORD}',
  '    mode: digest                # immediate (default) | digest',
  '    digest_interval: 1h',
  '    send_resolved: true',
  '    match: {environment: [production], tags: [db], types: [job.failed, job.stale]}',
  'silences:',
  '  - name: nas-maintenance',
  '    match: {servers: [nas]}',
  '    starts_at: "2026-11-30T22:00:00Z"',
  '    ends_at: "2026-12-01T00:00:00+01:00"',
  '    author: alice',
  '    comment: disk swap',
]
