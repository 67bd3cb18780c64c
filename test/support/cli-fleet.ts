// A small fleet for the CLI's output tests, made through the API of a server whose clock stands
// at 2026-01-05T12:00:00Z: db01 (heartbeats, 1h timeout) with a nightly borgmatic job at 02:00
// Berlin time that succeeded yesterday and failed today (a critical job.failed alert), and web01
// (no heartbeat yet) with an hourly job that succeeded an hour ago.
import type { TestApp } from './app.js'

async function must(t: TestApp, method: string, path: string, body?: unknown): Promise<void> {
  const r = await t.api(method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
}

export async function seedFleet(t: TestApp): Promise<void> {
  await must(t, 'POST', '/jobs', {
    slug: 'db01-nightly',
    name: 'db01 nightly borgmatic',
    server: 'db01',
    environment: 'production',
    tags: ['db', 'borg'],
    tool: 'borgmatic',
    schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' },
    grace: '2h',
  })
  await must(t, 'POST', '/jobs', { slug: 'web01-files', server: 'web01', schedule: { every: '1h' } })
  await must(t, 'POST', '/servers/db01/heartbeat', { heartbeat_timeout: '1h' })
  await must(t, 'POST', '/runs', {
    job: 'db01-nightly',
    status: 'succeeded',
    started_at: '2026-01-04T01:00:00Z',
    finished_at: '2026-01-04T01:04:10Z',
    exit_code: 0,
    size_bytes: 1_288_490_188,
    added_bytes: 12_582_912,
    files_total: 48_213,
    files_new: 12,
    files_changed: 3,
    log: 'Creating archive at "/srv/borg::db01-2026-01-04"\nDuration: 4 minutes 10.02 seconds\n',
  })
  await must(t, 'POST', '/runs', {
    job: 'db01-nightly',
    status: 'failed',
    started_at: '2026-01-05T01:00:00Z',
    finished_at: '2026-01-05T01:00:42Z',
    exit_code: 2,
    error: 'Repository /srv/borg does not exist.',
    log: 'Creating archive at "/srv/borg::db01-2026-01-05"\nRepository /srv/borg does not exist.\n',
    rid: 'b7f3c1d2-5e6f-4a1b-8c9d-0e1f2a3b4c5d',
  })
  await must(t, 'POST', '/runs', {
    job: 'web01-files',
    status: 'succeeded',
    started_at: '2026-01-05T10:59:50Z',
    finished_at: '2026-01-05T11:00:05Z',
    exit_code: 0,
  })
}
