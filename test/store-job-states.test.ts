// updateJobStates (a ping batch's jobs in one statement per set of columns) writes exactly what
// updateJobState writes one job at a time, on every backend: each job its own values, counts
// added to the stored ones, nulls written, other projects' jobs untouched.
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { JobRecord } from '../src/domain/records.js'
import type { JobStatePatch } from '../src/store/roles/job-store.js'
import type { Store } from '../src/store/store.js'
import { T0 } from './support/builders.js'
import { backends, openEachTest } from './support/stores.js'

const patches: JobStatePatch[] = [
  // two of one shape (a success ping's), one of another (a failure's), one alone, one absolute
  {
    status: 'up',
    down_reason: null,
    next_due_at: T0 + 1000,
    last_ping_at: T0 + 1,
    last_ping_failed: 0,
    last_success_at: T0 + 1,
    running_since: null,
    run_counts_add: { succeeded: 1 },
  },
  {
    status: 'up',
    down_reason: null,
    next_due_at: T0 + 2000,
    last_ping_at: T0 + 2,
    last_ping_failed: 0,
    last_success_at: T0 + 2,
    running_since: null,
    run_counts_add: { succeeded: 3 },
  },
  {
    status: 'down',
    down_reason: 'failed',
    next_due_at: null,
    last_ping_at: T0 + 3,
    last_ping_failed: 1,
    lock_streak: 2,
    size_samples: JSON.stringify([{ at: T0, bytes: 10 }]),
    run_counts_add: { failed: 2, warning: 1 },
  },
  { status: 'grace', running_since: T0 + 4, next_due_at: T0 + 4000 },
  { status: 'up', runs_succeeded: 7 },
]

/** What a job's state reads as (the facts updateJobState writes). */
function stateOf(j: JobRecord) {
  return {
    status: j.status,
    downReason: j.downReason,
    nextDueAt: j.nextDueAt,
    lastPingAt: j.lastPingAt,
    lastPingFailed: j.lastPingFailed,
    lastSuccessAt: j.lastSuccessAt,
    runningSince: j.runningSince,
    lockStreak: j.lockStreak,
    sizeSamples: j.sizeSamples,
    runCounts: j.runCounts,
    updatedAt: j.updatedAt,
  }
}

describe.each(backends)('updateJobStates on $name', (backend) => {
  let store: Store
  openEachTest(backend, (opened) => {
    store = opened.store
  })

  async function jobsWithHistory(prefix: string): Promise<JobRecord[]> {
    const jobs: JobRecord[] = []
    for (const [i] of patches.entries()) {
      const job = await store.createJob(defaultJob(`${prefix}-${i}`), T0)
      // earlier runs counted, a running start: what the batch's values replace or add to
      await store.updateJobState(
        job.id,
        { running_since: T0 - 5, last_success_at: T0 - 5, run_counts_add: { succeeded: 4, failed: 1 } },
        T0,
      )
      jobs.push(job)
    }
    return jobs
  }

  it('writes what one update per job writes', async () => {
    const one = await jobsWithHistory('one')
    const many = await jobsWithHistory('many')
    for (const [i, job] of one.entries()) await store.updateJobState(job.id, patches[i]!, T0 + 10)
    await store.transaction((tx) =>
      tx.updateJobStates(many.map((job, i) => ({ id: job.id, patch: patches[i]! })).reverse(), T0 + 10),
    )
    const read = async (jobs: JobRecord[]) =>
      Promise.all(jobs.map(async (j) => stateOf((await store.getJob({ id: j.id }))!)))
    const expected = await read(one)
    expect(await read(many)).toEqual(expected)
    // the values are each job's own, and the counts were added
    expect(expected[1]).toMatchObject({ nextDueAt: T0 + 2000, runCounts: { succeeded: 7, failed: 1 } })
    expect(expected[2]).toMatchObject({
      downReason: 'failed',
      lastSuccessAt: T0 - 5,
      runningSince: T0 - 5,
      runCounts: { succeeded: 4, warning: 1, failed: 3 },
    })
    expect(expected[0]).toMatchObject({ runningSince: null, lastPingFailed: false })
  })

  it("leaves another project's job alone when bound to a project", async () => {
    const [job] = await jobsWithHistory('own')
    const other = await store.transaction(async (tx) => {
      const project = await tx.createProject(
        { slug: 'other', name: 'Other', pingKey: 'other-key', source: 'api' },
        T0,
      )
      return tx.inProject(project.id).createJob(defaultJob('theirs'), T0)
    })
    await store.updateJobStates(
      [
        { id: job!.id, patch: { status: 'down', last_ping_at: T0 + 9 } },
        { id: other.id, patch: { status: 'down', last_ping_at: T0 + 9 } },
      ],
      T0 + 10,
    )
    expect((await store.getJob({ id: job!.id }))?.status).toBe('down')
    const theirs = await store.transaction(async (tx) =>
      tx.inProject(other.projectId).getJob({ id: other.id }),
    )
    expect(theirs?.status).toBe('new')
    expect(theirs?.lastPingAt).toBeNull()
  })
})
