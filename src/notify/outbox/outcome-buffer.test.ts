import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../log.js'
import type { CoreStore } from '../../store/store.js'
import { OutcomeBuffer } from './outcome-buffer.js'

// due() decides without the store; flush() is covered by the dispatcher tests on a real store
const buffer = () => new OutcomeBuffer(null as unknown as CoreStore, 'me', 'hook', silentLogger, 20_000)

describe('OutcomeBuffer.due', () => {
  it('waits for more rows while nothing presses', () => {
    const b = buffer()
    expect(b.due(1_000)).toBe(false)
    b.delivered(1, 1_000, '200 ok', 1_000 + 60_000)
    expect(b.due(1_500)).toBe(false)
  })

  it('writes after 100 rows, or when the oldest has waited 1 s', () => {
    const b = buffer()
    for (let i = 0; i < 100; i++) b.delivered(i, 1_000, '200 ok', 1_000 + 60_000)
    expect(b.due(1_000)).toBe(true)
    const c = buffer()
    c.delivered(1, 1_000, '200 ok', 1_000 + 60_000)
    expect(c.due(2_000)).toBe(true)
  })

  it('writes at once a row whose claim ends within the margin (another claimer could resend it)', () => {
    const b = buffer()
    b.delivered(1, 50_000, '200 ok', 69_000)
    expect(b.due(50_000)).toBe(true)
  })
})
