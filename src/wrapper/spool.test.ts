import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeBody, encodeBody, MAX_ENTRIES, type NewSpoolEntry, Spool } from './spool.js'

let root: string
let dir: string
let notices: string[]
let spool: Spool

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'backwatch-spool-'))
  dir = join(root, 'state', 'backwatch', 'spool')
  notices = []
  spool = new Spool(dir, (m) => notices.push(m))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const entry = (description: string, body = '{"job":"x"}'): NewSpoolEntry => ({
  target: 'api',
  url: 'http://127.0.0.1:8080/api/v1/runs',
  method: 'POST',
  content_type: 'application/json',
  ...encodeBody(Buffer.from(body), true),
  description,
})

describe('Spool', () => {
  it('writes one 0600 JSON file per report in a 0700 directory it creates, atomically', () => {
    const name = spool.add(entry('end of job x'), Date.parse('2026-11-22T05:32:04Z'))
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(readdirSync(dir)).toEqual([name])
    expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(dir, name), 'utf8'))).toEqual({
      version: 1,
      created_at: '2026-11-22T05:32:04.000Z',
      target: 'api',
      url: 'http://127.0.0.1:8080/api/v1/runs',
      method: 'POST',
      content_type: 'application/json',
      body: '{"job":"x"}',
      body_encoding: 'utf8',
      description: 'end of job x',
    })
    expect(Spool.createdAt(name)).toBe(Date.parse('2026-11-22T05:32:04Z'))
  })

  it('lists reports oldest first, in creation order within the same millisecond', () => {
    const t = Date.now()
    const names = [spool.add(entry('a'), t), spool.add(entry('b'), t), spool.add(entry('c'), t - 1000)]
    expect(spool.pending().map((p) => p.name)).toEqual([names[2], names[0], names[1]])
    expect(spool.pending().map((p) => spool.read(p.path)!.description)).toEqual(['c', 'a', 'b'])
  })

  it('keeps binary bodies exactly (base64)', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const name = spool.add({ ...entry('ping'), target: 'ping', ...encodeBody(bytes, false) })
    const read = spool.read(join(dir, name))!
    expect(read.body_encoding).toBe('base64')
    expect(decodeBody(read)!.equals(bytes)).toBe(true)
  })

  it('claims a report by renaming it, so a second sender skips it; release puts it back', () => {
    spool.add(entry('a'))
    const [p] = spool.pending()
    const claimed = spool.claim(p!)
    expect(claimed).toBe(join(dir, `${p!.name}.claim-${process.pid}`))
    // claimed by this (live) process: not pending for anybody else
    expect(spool.pending()).toEqual([])
    expect(spool.claim(p!)).toBeNull()
    spool.release(p!, claimed!)
    expect(spool.pending().map((x) => x.name)).toEqual([p!.name])
  })

  it('takes over a claim whose process is gone', () => {
    const name = spool.add(entry('orphan'))
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim()
    renameSync(join(dir, name), join(dir, `${name}.claim-${dead}`))
    expect(spool.pending()).toEqual([{ name, path: join(dir, `${name}.claim-${dead}`) }])
  })

  it('drops unreadable files with a notice, and ignores files that are not reports', () => {
    spool.add(entry('ok'))
    writeFileSync(join(dir, '1796150259630-1-000001-deadbeef.json'), '{not json')
    writeFileSync(join(dir, 'README'), 'hello')
    const pending = spool.pending()
    expect(pending).toHaveLength(2)
    expect(spool.read(pending[0]!.path)).toBeNull()
    expect(notices[0]).toMatch(/dropped an unreadable spool file/)
    expect(readdirSync(dir).sort()).toEqual(['README', pending[1]!.name].sort())
  })

  it(`keeps at most ${MAX_ENTRIES} reports (by default), dropping the oldest`, () => {
    const t = Date.now()
    const small = new Spool(dir, (m) => notices.push(m), 5)
    for (let i = 0; i < 7; i++) small.add(entry(`r${i}`), t + i)
    const pending = small.pending()
    expect(pending).toHaveLength(5)
    expect(spool.read(pending[0]!.path)!.description).toBe('r2')
    expect(notices).toEqual([
      expect.stringMatching(/^spool full \(5 reports\): dropped the oldest/),
      expect.anything(),
    ])
  })

  it('remove() is idempotent', () => {
    const name = spool.add(entry('a'))
    expect(spool.remove(name)).toBe(true)
    expect(spool.remove(name)).toBe(false)
  })
})
