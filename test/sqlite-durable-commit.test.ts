// SQLite commits are acknowledged only once the WAL is synced, and the sync runs off the event
// loop: a second write commits while the first one's sync is still running (the pipeline).
import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { openStore } from '../src/store/open-store.js'

const tick = () => new Promise((r) => setTimeout(r, 10))

describe('SQLite commits and the WAL sync', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('answers a write after its sync, commits the next write meanwhile, reads never wait', async () => {
    dir = mkdtempSync(join(tmpdir(), 'backwatch-durable-'))
    const path = join(dir, 'bw.db')
    const syncs: { fd: number; done: () => void }[] = []
    let holding = false
    const walSync = (fd: number) =>
      holding ? new Promise<void>((done) => syncs.push({ fd, done })) : Promise.resolve()
    const store = (await openStore({ kind: 'sqlite', path, walSync })).inProject(1)
    const reader = new Database(path, { readonly: true })
    const committed = (slug: string) => reader.prepare('select count(*) n from jobs where slug = ?').get(slug)
    try {
      holding = true
      let firstDone = false
      const first = store.createJob(defaultJob('first'), 1).then(() => (firstDone = true))
      await tick()
      expect(syncs).toHaveLength(1)
      expect(fstatSync(syncs[0]!.fd).ino).toBe(statSync(`${path}-wal`).ino)
      // committed (another connection sees it) but not yet acknowledged
      expect(committed('first')).toEqual({ n: 1 })
      expect(firstDone).toBe(false)

      let secondDone = false
      const second = store.createJob(defaultJob('second'), 1).then(() => (secondDone = true))
      await tick()
      expect(committed('second')).toEqual({ n: 1 })
      expect(secondDone).toBe(false)
      // a read is answered at once, while both wait
      expect((await store.listJobs({}, { limit: 10, cursor: null })).items.map((j) => j.slug).sort()).toEqual(
        ['first', 'second'],
      )

      syncs[0]!.done()
      await first
      await tick()
      expect(secondDone).toBe(false) // the first sync began before the second write
      expect(syncs).toHaveLength(2)
      syncs[1]!.done()
      await second
    } finally {
      holding = false
      reader.close()
      await store.close()
    }
  })
})
