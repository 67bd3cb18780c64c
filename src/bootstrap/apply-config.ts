// Creates or updates the tokens, policies, servers and jobs the config file declares (the file
// wins for the fields it sets), then settles the jobs so their deadlines match the new settings.
// Policies: each one in the file is stored with source `config` (replacing one set through the
// API); a config-sourced policy no longer in the file is deleted; API-sourced ones stay.
// Channels likewise (apply-channels.ts).
import type { Config } from '../config/config.js'
import type { JobRecord } from '../domain/records.js'
import { settleJob } from '../evaluate/settle-job.js'
import { settleProtection, settleServer } from '../evaluate/settle-server.js'
import { defaultJob } from '../ingest/job-defaults.js'
import { chunks } from '../store/chunks.js'
import type { Store } from '../store/store.js'
import { applyChannels } from './apply-channels.js'
import { jobSettingsColumns } from './job-columns.js'
import { hashToken } from './tokens.js'

export async function applyConfig(store: Store, config: Config, now: number): Promise<void> {
  await store.syncTokens(
    'config',
    config.tokens.map((t) => ({ name: t.name, scope: t.scope, hash: hashToken(t.token) })),
    now,
  )
  await store.syncTokens(
    'bootstrap',
    config.apiToken
      ? [{ name: 'BACKWATCH_API_TOKEN', scope: 'admin', hash: hashToken(config.apiToken) }]
      : [],
    now,
  )
  await store.transaction(async (tx) => {
    await applyPolicies(tx, config, now)
    await applyChannels(tx, config.channels, now)
    for (const spec of config.servers) {
      const name = spec.name!
      const found = await tx.getServer({ name })
      const existing = found && (await tx.lockServer(found.id))
      const fields = {
        ...(spec.environment !== undefined && { environment: spec.environment }),
        ...(spec.tags !== undefined && { tags: spec.tags }),
        ...(spec.heartbeatTimeout !== undefined && { heartbeatTimeout: spec.heartbeatTimeout }),
      }
      const server = existing
        ? await tx.updateServer(existing.id, fields, now)
        : await tx.createServer({ name, environment: null, tags: [], heartbeatTimeout: null, ...fields }, now)
      await settleServer(tx, server, now)
    }
  })
  // Jobs a chunk at a time, each locked (in id order) before it is changed and settled: other
  // instances keep taking pings meanwhile, and none of them is settled from a stale read.
  for (const part of chunks(config.jobs, JOBS_PER_TRANSACTION)) {
    await store.transaction((tx) => applyJobs(tx, part, now))
  }
  await store.transaction(async (tx) => {
    for (const spec of config.servers) {
      const server = await tx.getServer({ name: spec.name! })
      await settleProtection(tx, server?.id ?? null, now)
    }
  })
}

const JOBS_PER_TRANSACTION = 50

async function applyJobs(tx: Store, specs: Config['jobs'], now: number): Promise<void> {
  const found: (JobRecord | null)[] = []
  for (const spec of specs) {
    found.push(
      (spec.uuid ? await tx.getJob({ uuid: spec.uuid }) : null) ?? (await tx.getJob({ slug: spec.slug! })),
    )
  }
  const locked = new Map((await tx.lockJobs(found.flatMap((j) => (j ? [j.id] : [])))).map((j) => [j.id, j]))
  for (const [i, spec] of specs.entries()) {
    const columns = await jobSettingsColumns(tx, spec, now)
    const existing = found[i] ? locked.get(found[i].id) : undefined
    const job = existing
      ? await tx.updateJobSettings(existing.id, columns, now)
      : await tx.createJob(
          { ...defaultJob(spec.slug!), ...(spec.uuid && { uuid: spec.uuid }), ...columns },
          now,
        )
    await settleJob(tx, job, now)
  }
}

async function applyPolicies(tx: Store, config: Config, now: number): Promise<void> {
  const stored = new Map((await tx.listPolicies()).map((p) => [p.environment, p]))
  for (const [environment, spec] of Object.entries(config.policies)) {
    const current = stored.get(environment)
    const same =
      current?.source === 'config' &&
      JSON.stringify([current.policy, current.jobDefaults]) ===
        JSON.stringify([spec.policy, spec.jobDefaults])
    // unchanged: keep its updated_at
    if (!same) await tx.putPolicy({ environment, ...spec, source: 'config' }, now)
  }
  for (const p of stored.values()) {
    if (p.source === 'config' && !Object.hasOwn(config.policies, p.environment)) {
      await tx.deletePolicy(p.environment)
    }
  }
}
