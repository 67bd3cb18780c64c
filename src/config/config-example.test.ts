import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FULL_EXAMPLE, tempDir } from '../../test/support/config-files.js'
import type { Config } from './config.js'
import { loadConfig } from './config.js'

describe('loadConfig: full example', () => {
  it('reads every setting of the SPEC §7 example', () => {
    const dir = tempDir({ 'backwatch.yaml': FULL_EXAMPLE })
    const config = loadConfig({
      env: {
        BW_CI_TOKEN: 'ci-token-abcdefghijklmnop',
        BACKWATCH_API_TOKEN: 'bootstrap-admin-token',
        SMTP_PASSWORD: 'smtp-secret',
      },
      cwd: dir,
    })
    expect(config).toEqual({
      configPath: join(dir, 'backwatch.yaml'),
      listen: { host: '0.0.0.0', port: 9090 },
      database: { kind: 'postgres', url: 'postgres://backwatch:pw@db.internal:5432/backwatch' },
      baseUrl: 'https://backwatch.example.com',
      pingKey: 'abcDEF123_-xyz',
      pingBodyLimit: 200_000,
      apiToken: 'bootstrap-admin-token',
      tokens: [
        { name: 'grafana', scope: 'read', token: 'read-token-0123456789' },
        { name: 'ci', scope: 'admin', token: 'ci-token-abcdefghijklmnop' },
      ],
      metricsPublic: true,
      servers: [
        { name: 'prod-sql-01', environment: 'production', tags: ['db'], heartbeatTimeout: 900_000 },
        { name: 'nas', heartbeatTimeout: null },
      ],
      jobs: [
        {
          slug: 'prod-sql-01-nightly',
          server: 'prod-sql-01',
          environment: 'production',
          tool: 'borgmatic',
          schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' },
          grace: 7_200_000,
          retention: {
            keep_within: 172_800_000,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 6,
            keep_yearly: 1,
          },
        },
        {
          slug: 'nas-photos',
          uuid: '0b7ac6c2-4f0e-4a55-9a61-2f1d1e0c7b11',
          name: 'NAS photos',
          server: 'nas',
          tags: ['photos', 'nas'],
          tool: 'restic',
          schedule: { every: 86_400_000 },
          maxDuration: 10_800_000,
          warningExitCodes: [3],
          paused: true,
        },
      ],
      policies: {
        production: {
          policy: {
            maxAge: 93_600_000,
            checkMaxAge: 691_200_000,
            restoreTestMaxAge: 3_024_000_000,
            retention: { minHistory: 2_592_000_000, minDaily: 7, minWeekly: 4, minMonthly: 6 },
            sizeAnomaly: { low: 0.5, high: 2.0, minSamples: 5 },
            lockFailures: { warnUntil: 3 },
          },
          jobDefaults: null,
        },
      },
      channels: [
        {
          name: 'ops-hook',
          kind: 'webhook',
          minSeverity: 'warning',
          match: {},
          sendResolved: true,
          mode: 'immediate',
          repeatInterval: null,
          digestInterval: 3_600_000,
          settings: { url: 'https://hooks.example.com/x', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
          raw: {
            name: 'ops-hook',
            type: 'webhook',
            url: 'https://hooks.example.com/x',
            secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
            min_severity: 'warning',
          },
        },
        {
          name: 'ops-mail',
          kind: 'email',
          minSeverity: 'info',
          match: { environment: ['production'], tags: ['db'], types: ['job.failed', 'job.stale'] },
          sendResolved: true,
          mode: 'digest',
          repeatInterval: null,
          digestInterval: 3_600_000,
          settings: {
            to: ['ops@example.com'],
            from: 'backwatch@example.com',
            smtp: { host: '127.0.0.1', port: 587, secure: false, user: 'bw', password: 'smtp-secret' },
          },
          // as written, for the channels table: the secret stays an environment reference
          raw: {
            name: 'ops-mail',
            type: 'email',
            to: ['ops@example.com'],
            from: 'backwatch@example.com',
            smtp: { host: '127.0.0.1', port: 587, secure: false, user: 'bw', password_env: 'SMTP_PASSWORD' },
            mode: 'digest',
            digest_interval: '1h',
            send_resolved: true,
            match: { environment: ['production'], tags: ['db'], types: ['job.failed', 'job.stale'] },
          },
        },
      ],
      silences: [
        {
          name: 'nas-maintenance',
          match: { servers: ['nas'] },
          startsAt: Date.parse('2026-11-30T22:00:00Z'),
          endsAt: Date.parse('2026-11-30T23:00:00Z'),
          author: 'alice',
          comment: 'disk swap',
        },
      ],
      projects: [],
      limits: { jobsPerRequest: 20, profilesPerFile: 300, runsPerRequest: 5000, snapshotsPerList: 100_000 },
    } satisfies Config)
  })
})
