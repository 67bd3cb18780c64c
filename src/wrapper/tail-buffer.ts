// Keeps the last `capacity` bytes written to it: a fixed ring, O(chunk) per write, allocated on
// first use. The wrapper keeps three (combined output for the log, stdout and stderr for
// recognising the tool's JSON) while the command's output streams through unchanged.

export class TailBuffer {
  private ring: Buffer | null = null
  /** index of the oldest byte kept */
  private start = 0
  private length = 0
  /** every byte ever written, kept or not */
  total = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError('capacity must be a positive integer')
  }

  write(chunk: Uint8Array): void {
    const n = chunk.length
    if (n === 0) return
    this.total += n
    const cap = this.capacity
    this.ring ??= Buffer.allocUnsafe(cap)
    const ring = this.ring
    if (n >= cap) {
      ring.set(chunk.subarray(n - cap), 0)
      this.start = 0
      this.length = cap
      return
    }
    // write position: just after the newest byte
    const end = (this.start + this.length) % cap
    const first = Math.min(n, cap - end)
    ring.set(chunk.subarray(0, first), end)
    if (first < n) ring.set(chunk.subarray(first), 0)
    const overflow = this.length + n - cap
    if (overflow > 0) {
      this.start = (this.start + overflow) % cap
      this.length = cap
    } else {
      this.length += n
    }
  }

  /** true when older bytes were dropped */
  get truncated(): boolean {
    return this.total > this.length
  }

  /** A copy of the bytes kept, oldest first (with `wholeChars`, see text()). */
  bytes(opts: { wholeChars?: boolean } = {}): Buffer {
    if (!this.ring || this.length === 0) return Buffer.alloc(0)
    const end = this.start + this.length
    const buf =
      end <= this.capacity
        ? Buffer.from(this.ring.subarray(this.start, end))
        : Buffer.concat([this.ring.subarray(this.start), this.ring.subarray(0, end - this.capacity)])
    return opts.wholeChars ? buf.subarray(this.cut(buf, false)) : buf
  }

  /**
   * The bytes kept as UTF-8 text. When older bytes were dropped, the partial character at the cut
   * is skipped, and with `wholeLines` so is the partial first line.
   */
  text(opts: { wholeLines?: boolean } = {}): string {
    const buf = this.bytes()
    return buf.subarray(this.cut(buf, opts.wholeLines ?? false)).toString('utf8')
  }

  private cut(buf: Buffer, wholeLines: boolean): number {
    if (!this.truncated) return 0
    let i = 0
    // UTF-8 continuation bytes (10xxxxxx) at the cut belong to a character we no longer have
    while (i < buf.length && i < 3 && (buf[i]! & 0xc0) === 0x80) i++
    if (wholeLines) {
      const nl = buf.indexOf(0x0a, i)
      i = nl === -1 ? buf.length : nl + 1
    }
    return i
  }
}
