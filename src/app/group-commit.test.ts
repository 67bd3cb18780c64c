import { describe, expect, it } from 'vitest'
import { GroupCommit } from './group-commit.js'

/** A commit that records each batch and fails any batch holding a negative number. */
function recorder() {
  const batches: number[][] = []
  const group = new GroupCommit<number, string>({
    commit: async (items) => {
      batches.push(items)
      if (items.some((i) => i < 0)) throw new Error(`bad item ${items.find((i) => i < 0)}`)
      return items.map((i) => `ok ${i}`)
    },
    maxBatch: 3,
  })
  return { batches, group }
}

describe('GroupCommit', () => {
  it('commits the items of one event-loop turn together, at most maxBatch at a time, in order', async () => {
    const { batches, group } = recorder()
    const out = await Promise.all([1, 2, 3, 4, 5].map((i) => group.submit(i)))
    expect(out).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5'])
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
  })

  it('a lone item commits at once', async () => {
    const { batches, group } = recorder()
    expect(await group.submit(7)).toBe('ok 7')
    expect(batches).toEqual([[7]])
  })

  it('a failing batch is retried item by item: only the bad item fails, with its own error', async () => {
    const { batches, group } = recorder()
    const out = await Promise.allSettled([1, -2, 3].map((i) => group.submit(i)))
    expect(out.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'ok 1',
      'bad item -2',
      'ok 3',
    ])
    expect(batches).toEqual([[1, -2, 3], [1], [-2], [3]])
  })

  it('flushed() resolves once every submitted item was answered', async () => {
    const { group } = recorder()
    const answered: number[] = []
    for (const i of [1, 2, 3, 4]) void group.submit(i).then(() => answered.push(i))
    await group.flushed()
    await Promise.resolve()
    expect(answered).toEqual([1, 2, 3, 4])
  })
})
