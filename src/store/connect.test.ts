import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/app.js'
import { openStore } from './open-store.js'

const mode = (path: string) => statSync(path).mode & 0o777

describe('SQLite files', () => {
  let tmp: ReturnType<typeof tempDir>
  let umask: number
  beforeEach(() => {
    tmp = tempDir()
    // the usual umask, which leaves new files readable by everyone
    umask = process.umask(0o022)
  })
  afterEach(() => {
    process.umask(umask)
    tmp.cleanup()
  })

  it('creates the database, its -wal and -shm 0600 and the data directory 0700', async () => {
    const dir = join(tmp.dir, 'data', 'nested')
    const path = join(dir, 'backwatch.db')
    const store = await openStore({ kind: 'sqlite', path })
    try {
      await store
        .inProject(1)
        .createServer({ name: 'web-1', environment: null, tags: [], heartbeatTimeout: null }, 0)
      expect(existsSync(`${path}-wal`)).toBe(true)
      expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual([0o600, 0o600, 0o600])
      expect([mode(join(tmp.dir, 'data')), mode(dir)]).toEqual([0o700, 0o700])
    } finally {
      await store.close()
    }
  })
})
