// Request bodies shaped for each API route that takes one, so the fuzzer gets past validation
// into the routes' work (creating, changing, deleting); `mutate` then spoils a field or two.
// Channel destinations are loopback port 9 only: nothing leaves the machine.
import type { FuzzJob } from './fuzz-cases.js'
import { FIELDS, jsonValue, type Rng } from './fuzz-random.js'

type Body = Record<string, unknown>

const schedule = (r: Rng) => r.pick([{ every: '1d' }, { every: '1s' }, { cron: '0 2 * * *', tz: 'UTC' }])
const slug = (r: Rng) => `fz-${r.int(50)}`
const when = (r: Rng, hours: number) =>
  new Date(Date.UTC(2026, 11, 1) + r.int(hours) * 3_600_000).toISOString()

export const PLAUSIBLE: Record<string, (r: Rng, job: FuzzJob) => Body> = {
  'POST /api/v1/jobs': (r) => ({ slug: slug(r), schedule: schedule(r), grace: '1h', tags: ['fz'] }),
  'PATCH /api/v1/jobs/:id': (r) => ({
    paused: r.chance(0.5),
    grace: r.pick(['2h', '1s']),
    schedule: schedule(r),
  }),
  'POST /api/v1/runs': (r, job) => ({
    job: r.chance(0.5) ? job.slug : slug(r),
    create: r.chance(0.5),
    status: r.pick(['succeeded', 'failed', 'warning', 'running']),
    started_at: when(r, 48),
    finished_at: when(r, 48),
    exit_code: r.int(3),
    size_bytes: r.int(1e9),
    log: 'fuzz',
  }),
  'POST /api/v1/servers': (r) => ({ name: `fz-srv-${r.int(20)}`, heartbeat_timeout: '1h' }),
  'PATCH /api/v1/servers/:id': (r) => ({ environment: r.pick(['production', 'staging']), tags: ['a'] }),
  'POST /api/v1/servers/:name/heartbeat': () => ({}),
  // A few channels, for the fuzzed jobs only: each alert would otherwise queue a delivery per
  // channel, all failing (a backlog that slows the dispatcher down; not what is tested here).
  'POST /api/v1/channels': (r) => ({
    name: `fz-hook-${r.int(3)}`,
    type: r.pick(['webhook', 'ntfy', 'gotify', 'slack']),
    url: 'http://127.0.0.1:9/hook',
    match: { tags: ['fz'] },
  }),
  'PUT /api/v1/channels/:name': (r) => ({
    type: 'webhook',
    url: 'http://127.0.0.1:9/other',
    mode: r.pick(['immediate', 'digest']),
    match: { tags: ['fz'] },
  }),
  'PATCH /api/v1/channels/:name': (r) => ({ min_severity: r.pick(['info', 'critical']) }),
  'POST /api/v1/silences': (r, job) => ({
    match: { job: job.slug },
    ends_at: when(r, 24 * 400),
    reason: 'fuzz',
  }),
  'PATCH /api/v1/silences/:id': (r) => ({ ends_at: when(r, 24 * 400) }),
  'PUT /api/v1/policies/:environment': (r) => ({
    max_age: r.pick(['26h', '1s']),
    size_anomaly: { low: 0.5, high: 2, min_samples: r.int(10) },
    job_defaults: { grace: '2h' },
  }),
}

/** Replaces or adds a field or two with random values. */
export function mutate(r: Rng, body: Body): Body {
  const out = { ...body }
  const keys = Object.keys(out)
  for (let i = r.int(3); i > 0; i--) {
    const key = r.chance(0.7) && keys.length > 0 ? r.pick(keys) : r.pick(FIELDS)
    out[key] = jsonValue(r)
  }
  return out
}
