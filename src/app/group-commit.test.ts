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

  /** Commits that finish when the test says; each records its items when it starts. */
  function held(opts: { maxInFlight: number; key?: (i: string) => string }) {
    const started: string[][] = []
    const finish: (() => void)[] = []
    const group = new GroupCommit<string, string>({
      commit: async (items) => {
        started.push(items)
        await new Promise<void>((r) => finish.push(r))
        return items
      },
      ...opts,
    })
    return { started, finish, group }
  }

  it('starts the next batch while the running one has not finished, up to maxInFlight', async () => {
    const { started, finish, group } = held({ maxInFlight: 2 })
    const first = group.submit('a1')
    await until(() => started.length === 1)
    const second = group.submit('a2')
    await until(() => started.length === 2)
    const third = group.submit('a3')
    await new Promise((r) => setTimeout(r, 20))
    expect(started).toEqual([['a1'], ['a2']]) // a3 waits for a slot
    finish[0]!()
    expect(await first).toBe('a1')
    await until(() => started.length === 3)
    finish[1]!()
    finish[2]!()
    expect([await second, await third]).toEqual(['a2', 'a3'])
    await group.flushed()
  })

  it('with keys: an item waits for the running batch holding its key; others go past it', async () => {
    const { started, finish, group } = held({ maxInFlight: 4, key: (i) => i[0]! })
    const first = group.submit('a1')
    await until(() => started.length === 1)
    const rest = ['a2', 'b1', 'a3', 'b2'].map((i) => group.submit(i))
    await until(() => started.length === 2)
    await new Promise((r) => setTimeout(r, 20))
    expect(started).toEqual([['a1'], ['b1', 'b2']])
    finish[0]!()
    await first
    await until(() => started.length === 3)
    expect(started[2]).toEqual(['a2', 'a3']) // in arrival order, together
    finish[1]!()
    finish[2]!()
    expect(await Promise.all(rest)).toEqual(['a2', 'b1', 'a3', 'b2'])
    await group.flushed()
  })

  it('an error that is not retryable fails the whole batch at once, without retries', async () => {
    const batches: number[][] = []
    const group = new GroupCommit<number, number>({
      commit: async (items) => {
        batches.push(items)
        throw Object.assign(new Error('disk gone'), { retryable: false })
      },
    })
    const out = await Promise.allSettled([1, 2, 3].map((i) => group.submit(i)))
    expect(out.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual([
      'disk gone',
      'disk gone',
      'disk gone',
    ])
    expect(batches).toEqual([[1, 2, 3]])
  })
})

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(cond()).toBe(true)
}
