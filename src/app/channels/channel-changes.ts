// Use cases: list, create and delete a project's channels, and send one a test message (the
// /api/v1/channels routes and the dashboard's Channels page). Input is the API's flat map, checked
// by the write guard (what the API may not do) and the config file's schema; each change is
// audited in its transaction, and once committed this process reloads its channels (others
// within 30 s). Refusals are HttpErrors the API answers as they are and the page shows.
import type { ChannelSpec } from '../../config/channel-spec.js'
import { fieldsOf, target } from '../../domain/audit.js'
import { iso } from '../../domain/job-alerts.js'
import { HttpError, notFound } from '../../http/http-error.js'
import type { ChannelRegistry } from '../../notify/channel-registry.js'
import { type ChannelKind, DeliveryError, type Notification, type Notifier } from '../../notify/notifier.js'
import { sendWithTimeout } from '../../notify/outbox/send-with-timeout.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { Store } from '../../store/store.js'
import { invalidChannel, parseChannelMap } from './channel-input.js'
import { channelWriteProblems } from './channel-write-guard.js'
import { presentChannel } from './present-channel.js'

const TEST_TIMEOUT_MS = 10_000

export interface ChannelDeps {
  /** bound to the request's project */
  store: Store
  channelRegistry: ChannelRegistry
  now: () => number
}

// biome-ignore lint/suspicious/noExplicitAny: each notifier validates its own settings type
export type Notifiers = Partial<Record<ChannelKind, Notifier<any>>>

export type ChannelView = ReturnType<typeof presentChannel>

const channelTarget = (name: string) => target('channel', null, name)

function projectOf(store: Store): number {
  if (store.project === null) throw new Error('the store is not bound to a project')
  return store.project
}

/** The project's channels (config file and API) with their delivery health, never their secrets. */
export async function listChannels(deps: ChannelDeps): Promise<ChannelView[]> {
  const project = projectOf(deps.store)
  const states = new Map((await deps.store.channelStates()).map((s) => [s.channel, s]))
  const pending = await deps.store.pendingCounts()
  return deps.channelRegistry
    .all()
    .filter((e) => e.stored.projectId === project)
    .map((e) => presentChannel(e, states.get(e.stored.name), pending[e.stored.name] ?? 0))
}

/** One channel as listed; 404 when the project has none of that name. */
export async function showChannel(deps: ChannelDeps, name: string): Promise<ChannelView> {
  const entry = deps.channelRegistry.find(projectOf(deps.store), name)
  // deleted meanwhile by another request
  if (!entry) throw notFound('channel')
  const state = (await deps.store.channelStates()).find((s) => s.channel === name)
  return presentChannel(entry, state, (await deps.store.pendingCounts())[name] ?? 0)
}

/** Creates a channel from its flat map (source `api`): 400 invalid_channel, 409 when the name is taken. */
export async function createChannel(
  deps: ChannelDeps,
  audit: AuditRecorder,
  body: Record<string, unknown>,
): Promise<ChannelView> {
  const problems = channelWriteProblems(body, body, null)
  if (problems.length > 0) throw invalidChannel(problems)
  const spec = parseChannelMap(deps.channelRegistry, body)
  await deps.store.transaction(async (tx) => {
    const created = await tx.createChannel(
      { name: spec.name, kind: spec.kind, spec: body, source: 'api' },
      deps.now(),
    )
    if (!created)
      throw new HttpError(409, 'conflict', `a channel named ${JSON.stringify(spec.name)} already exists`)
    await audit(tx, { action: 'channel.created', target: channelTarget(spec.name), details: fieldsOf(body) })
  })
  await deps.channelRegistry.load()
  return showChannel(deps, spec.name)
}

/** Deletes a channel (one of the config file's comes back at the next start); 404 when absent. */
export async function deleteChannel(deps: ChannelDeps, audit: AuditRecorder, name: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    if (!(await tx.deleteChannel(name))) throw notFound('channel')
    await audit(tx, { action: 'channel.deleted', target: channelTarget(name) })
  })
  await deps.channelRegistry.load()
}

function usableChannel(deps: ChannelDeps, name: string): ChannelSpec {
  const entry = deps.channelRegistry.find(projectOf(deps.store), name)
  if (!entry) throw notFound('channel')
  if (!entry.spec)
    throw new HttpError(400, 'invalid_channel', `channel ${name} cannot be used: ${entry.error}`)
  return entry.spec
}

function testNotification(channel: ChannelSpec, baseUrl: string, now: number): Notification {
  const at = iso(now)
  return {
    transition: 'test',
    idempotencyKey: `backwatch-test-${channel.name}-${now}`,
    at,
    alert: {
      id: 0,
      type: 'job.failed',
      severity: 'critical',
      status: 'active',
      job: 'backwatch-test',
      server: null,
      environment: null,
      tags: [],
      summary: `Test message from Backwatch to channel ${channel.name}: if you read this, notifications reach you.`,
      details: { test: true },
      opened_at: at,
      resolved_at: null,
      log_tail: null,
      url: `${baseUrl}/api/v1/channels`,
    },
  }
}

export interface TestSent {
  channel: string
  /** the receiver's HTTP status, when it has one */
  status: number | undefined
  detail: string | undefined
}

/**
 * Sends the channel a test message now (not through the outbox) and records the result as its
 * last success or error, audited (channel.tested). A receiver refusing it: 502 delivery_failed.
 */
export async function testChannel(
  deps: ChannelDeps & { notifiers: Notifiers; baseUrl: string },
  audit: AuditRecorder,
  name: string,
): Promise<TestSent> {
  const channel = usableChannel(deps, name)
  const tested = (ok: boolean) =>
    audit(deps.store, { action: 'channel.tested', target: channelTarget(channel.name), details: { ok } })
  const notifier = deps.notifiers[channel.kind]
  if (!notifier) throw new HttpError(501, 'not_implemented', `channel type ${channel.kind} is not available`)
  const settings = notifier.settings.safeParse(channel.settings)
  if (!settings.success) {
    throw new HttpError(
      400,
      'invalid_channel',
      `channel ${channel.name} is misconfigured: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  const now = deps.now()
  try {
    const result = await sendWithTimeout(
      notifier,
      testNotification(channel, deps.baseUrl, now),
      settings.data,
      TEST_TIMEOUT_MS,
    )
    await deps.store.recordChannelResult(channel.name, true, null, deps.now())
    await tested(true)
    return { channel: channel.name, status: result.status, detail: result.detail }
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true)
    await deps.store.recordChannelResult(channel.name, false, e.message, deps.now())
    await tested(false)
    throw new HttpError(
      502,
      'delivery_failed',
      `the receiver did not accept the test message: ${e.message}`,
      {
        status: e.status,
        retryable: e.retryable,
      },
    )
  }
}
