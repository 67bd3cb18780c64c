// Creates or updates the tokens, policies, servers and jobs the config file declares (the file
// wins for the fields it sets), then settles the jobs so their deadlines match the new settings.
// Policies: each one in the file is stored with source `config` (replacing one set through the
// API); a config-sourced policy no longer in the file is deleted; API-sourced ones stay.
// Channels likewise (apply-channels.ts); jobs in apply-jobs.ts. What the file creates, changes or deletes is audited
// (actor `config`, the file's path), in the transaction making the change.

import { hashToken } from '../../auth/token-hash.js'
import type { ProjectSections } from '../../config/project-sections.js'
import { target } from '../../domain/audit.js'
import type { ServerRecord } from '../../domain/records.js'
import { settleProtection, settleServer } from '../../evaluate/settle-server.js'
import type { AuditRecorder, AuditStore } from '../../store/roles/audit-store.js'
import type { PolicyStore } from '../../store/roles/policy-store.js'
import type { TokenStore } from '../../store/roles/token-store.js'
import type { CoreStore } from '../../store/store.js'
import { configRecorder } from '../audit-trail.js'
import { applyChannels } from './apply-channels.js'
import { applyJobs } from './apply-jobs.js'

/**
 * `store` is bound to the project the sections describe. `apiToken` (BACKWATCH_API_TOKEN, set or
 * null) is given with the default project's sections only: the bootstrap token lives there.
 * `opts.audit` records the changes as the config file's (its path, when known); with
 * `opts.fromFile` (a file was read) the jobs the file declared and no longer does are deleted.
 */
export async function applyConfig(
  store: CoreStore & TokenStore,
  config: ProjectSections & { apiToken?: string | null },
  now: number,
  opts: { audit?: AuditRecorder; fromFile?: boolean } = {},
): Promise<void> {
  const audit = opts.audit ?? configRecorder(null, now)
  await store.syncTokens(
    'config',
    config.tokens.map((t) => ({ name: t.name, scope: t.scope, hash: hashToken(t.token) })),
    now,
  )
  if (config.apiToken !== undefined)
    await store.syncTokens(
      'bootstrap',
      config.apiToken
        ? [{ name: 'BACKWATCH_API_TOKEN', scope: 'admin', hash: hashToken(config.apiToken) }]
        : [],
      now,
    )
  let policiesChanged = false
  await store.transaction(async (tx) => {
    policiesChanged = await applyPolicies(tx, config, now, audit)
    await applyChannels(tx, config.channels, now, audit)
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
      const changed = existing ? changedServerFields(existing, fields) : Object.keys(fields)
      if (!existing || changed.length > 0) {
        const action = existing ? 'server.updated' : 'server.created'
        await audit(tx, { action, target: target('server', server.id, name), details: { fields: changed } })
      }
      await settleServer(tx, server, now)
    }
  })
  await applyJobs(store, config.jobs, now, {
    settleAll: policiesChanged,
    prune: opts.fromFile === true,
    audit,
  })
  await store.transaction(async (tx) => {
    for (const spec of config.servers) {
      const server = await tx.getServer({ name: spec.name! })
      await settleProtection(tx, server?.id ?? null, now)
    }
  })
}

/** The settings the file changes on a stored server. */
function changedServerFields(
  existing: ServerRecord,
  fields: Partial<Pick<ServerRecord, 'environment' | 'tags' | 'heartbeatTimeout'>>,
): string[] {
  return Object.entries(fields)
    .filter(([key, value]) => JSON.stringify(existing[key as keyof typeof fields]) !== JSON.stringify(value))
    .map(([key]) => key)
}

/** True when a policy was stored or deleted (every job is settled again then). */
async function applyPolicies(
  tx: PolicyStore & AuditStore,
  config: ProjectSections,
  now: number,
  audit: AuditRecorder,
): Promise<boolean> {
  let changed = false
  const stored = new Map((await tx.listPolicies()).map((p) => [p.environment, p]))
  for (const [environment, spec] of Object.entries(config.policies)) {
    const current = stored.get(environment)
    const same =
      current?.source === 'config' &&
      JSON.stringify([current.policy, current.jobDefaults]) ===
        JSON.stringify([spec.policy, spec.jobDefaults])
    // unchanged: keep its updated_at
    if (!same) {
      await tx.putPolicy({ environment, ...spec, source: 'config' }, now)
      const action = current ? 'policy.updated' : 'policy.created'
      await audit(tx, { action, target: target('policy', null, environment) })
      changed = true
    }
  }
  for (const p of stored.values()) {
    if (p.source === 'config' && !Object.hasOwn(config.policies, p.environment)) {
      await tx.deletePolicy(p.environment)
      await audit(tx, { action: 'policy.deleted', target: target('policy', null, p.environment) })
      changed = true
    }
  }
  return changed
}
