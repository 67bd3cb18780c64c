import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { TailBuffer } from './tail-buffer.js'

describe('TailBuffer', () => {
  it('keeps everything while under capacity', () => {
    const t = new TailBuffer(10)
    expect(t.bytes()).toEqual(Buffer.alloc(0))
    t.write(Buffer.from('abc'))
    t.write(Buffer.from('def'))
    expect(t.bytes().toString()).toBe('abcdef')
    expect(t.truncated).toBe(false)
    expect(t.total).toBe(6)
  })

  it('keeps the last bytes across wrap-around and oversized chunks', () => {
    const t = new TailBuffer(8)
    t.write(Buffer.from('0123456'))
    t.write(Buffer.from('789ab'))
    expect(t.bytes().toString()).toBe('456789ab')
    t.write(Buffer.from('cd'))
    expect(t.bytes().toString()).toBe('6789abcd')
    t.write(Buffer.from('ABCDEFGHIJKLMNOP'))
    expect(t.bytes().toString()).toBe('IJKLMNOP')
    t.write(Buffer.from('xy'))
    expect(t.bytes().toString()).toBe('KLMNOPxy')
    expect(t.truncated).toBe(true)
    expect(t.total).toBe(7 + 5 + 2 + 16 + 2)
  })

  it('matches a reference for random chunk sizes', () => {
    const cap = 1000
    const t = new TailBuffer(cap)
    let all = Buffer.alloc(0)
    for (let i = 0; i < 500; i++) {
      const chunk = randomBytes(Math.floor(Math.random() * 1500))
      t.write(chunk)
      all = Buffer.concat([all, chunk]).subarray(-cap * 2)
      expect(t.bytes().equals(all.subarray(-cap))).toBe(true)
    }
  })

  it('is O(chunk) per write: a million small writes into a 2 MB tail stay fast', () => {
    const t = new TailBuffer(2 * 1024 * 1024)
    const chunk = Buffer.from('a line of output from a backup tool\n')
    const t0 = performance.now()
    for (let i = 0; i < 1_000_000; i++) t.write(chunk)
    expect(performance.now() - t0).toBeLessThan(3000)
    expect(t.bytes().length).toBe(2 * 1024 * 1024)
  })

  it('drops the partial character and, when asked, the partial line at the cut', () => {
    const t = new TailBuffer(8)
    t.write(Buffer.from('xé\nabc\nde')) // é is 2 bytes: the cut falls inside it
    expect(t.bytes().length).toBe(8)
    expect(t.text()).toBe('\nabc\nde')
    expect(t.bytes({ wholeChars: true }).toString()).toBe('\nabc\nde')
    expect(t.text({ wholeLines: true })).toBe('abc\nde')
    const whole = new TailBuffer(100)
    whole.write(Buffer.from('first\nsecond'))
    expect(whole.text({ wholeLines: true })).toBe('first\nsecond')
  })
})
