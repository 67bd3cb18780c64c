import { describe, expect, it } from 'vitest'
import { runInLanes } from './alert-lanes.js'

/** Units finish when the test says so; the log shows what started and ended, in order. */
function harness() {
  const log: string[] = []
  const finish = new Map<string, () => void>()
  const run = (name: string) =>
    new Promise<void>((resolve) => {
      log.push(`start ${name}`)
      finish.set(name, () => {
        log.push(`end ${name}`)
        resolve()
      })
    })
  const settle = () => new Promise((r) => setImmediate(r))
  return { log, finish: (name: string) => finish.get(name)!(), run, settle }
}

describe('runInLanes', () => {
  it('runs up to `limit` units at once, in list order', async () => {
    const h = harness()
    const units = [
      { name: 'a', alert: 1 },
      { name: 'b', alert: 2 },
      { name: 'c', alert: 3 },
    ]
    const done = runInLanes(
      units,
      2,
      (u) => [u.alert],
      (u) => h.run(u.name),
    )
    await h.settle()
    expect(h.log).toEqual(['start a', 'start b'])
    h.finish('b')
    await h.settle()
    expect(h.log).toEqual(['start a', 'start b', 'end b', 'start c'])
    h.finish('a')
    h.finish('c')
    await done
  })

  it('never overlaps two units of one alert: the second waits for the first', async () => {
    const h = harness()
    const units = [
      { name: 'a1', alerts: [1] },
      { name: 'b', alerts: [2] },
      { name: 'a2', alerts: [1] },
      { name: 'batch', alerts: [2, 3] },
    ]
    const done = runInLanes(
      units,
      8,
      (u) => u.alerts,
      (u) => h.run(u.name),
    )
    await h.settle()
    expect(h.log).toEqual(['start a1', 'start b'])
    h.finish('a1')
    await h.settle()
    expect(h.log.slice(2)).toEqual(['end a1', 'start a2'])
    h.finish('b')
    await h.settle()
    expect(h.log.slice(4)).toEqual(['end b', 'start batch'])
    h.finish('a2')
    h.finish('batch')
    await done
  })

  it('lets other alerts go past a unit that waits for its alert', async () => {
    const h = harness()
    const units = [
      { name: 'a1', alert: 1 },
      { name: 'a2', alert: 1 },
      { name: 'b', alert: 2 },
    ]
    const done = runInLanes(
      units,
      8,
      (u) => [u.alert],
      (u) => h.run(u.name),
    )
    await h.settle()
    expect(h.log).toEqual(['start a1', 'start b'])
    h.finish('a1')
    await h.settle()
    expect(h.log.slice(2)).toEqual(['end a1', 'start a2'])
    h.finish('a2')
    h.finish('b')
    await done
  })

  it('resolves at once for no units', async () => {
    await runInLanes(
      [],
      8,
      () => [],
      async () => {},
    )
  })
})
