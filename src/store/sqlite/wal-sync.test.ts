import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DurabilityLost, WalSync } from './wal-sync.js'

/** A sync the test finishes by hand, recording each call. */
function manualSync() {
  const calls: { done: () => void; fail: (e: Error) => void }[] = []
  const sync = (_fd: number) => new Promise<void>((done, fail) => calls.push({ done, fail }))
  return { calls, sync }
}

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('WalSync', () => {
  let dir: string
  let wal: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backwatch-walsync-'))
    wal = join(dir, 'db-wal')
    writeFileSync(wal, 'frames')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a flush during a running sync waits for the next one; many such flushes share it', async () => {
    const { calls, sync } = manualSync()
    const w = new WalSync(wal, sync)
    const answered: string[] = []
    const first = w.flush().then(() => answered.push('first'))
    await tick()
    expect(calls).toHaveLength(1)
    const later = [w.flush(), w.flush(), w.flush()].map((p, i) => p.then(() => answered.push(`later${i}`)))
    await tick()
    calls[0]!.done()
    await first
    await tick()
    // the later flushes came after the first sync started: it does not cover them
    expect(answered).toEqual(['first'])
    expect(calls).toHaveLength(2)
    calls[1]!.done()
    await Promise.all(later)
    expect(answered).toEqual(['first', 'later0', 'later1', 'later2'])
    await w.close()
  })

  it('after a failed sync every flush is refused, and the error says not to retry', async () => {
    const { calls, sync } = manualSync()
    const w = new WalSync(wal, sync)
    const first = w.flush()
    await tick()
    calls[0]!.fail(new Error('EIO'))
    await expect(first).rejects.toBeInstanceOf(DurabilityLost)
    const again = w.flush()
    await expect(again).rejects.toThrow(/could not be synced to disk: Error: EIO/)
    await again.catch((e: DurabilityLost) => expect(e.retryable).toBe(false))
    expect(calls).toHaveLength(1)
    await w.close()
  })

  it('syncs the real file with fdatasync by default', async () => {
    const w = new WalSync(wal)
    await w.flush()
    await w.flush()
    await w.close()
    await expect(new WalSync(join(dir, 'missing-wal')).flush()).rejects.toBeInstanceOf(DurabilityLost)
  })
})
