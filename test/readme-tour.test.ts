// The README's five-minute tour, run as written: its shell blocks in order, the server's in one
// bash, the others in a second shell (nothing exported in the first reaches it; what the second
// exports stays), the real borgmatic and borg. What the harness changes, and only that: the address
// (127.0.0.1:8080 → a free port, with BACKWATCH_LISTEN / BACKWATCH_URL in the environment, like a
// machine where 8080 is taken), the database file (BACKWATCH_DATABASE_URL, a temporary one),
// the paths in the borgmatic config (/etc, /var/backups → a temporary lab), borgmatic's config
// path (-c), the ping URL placeholder → the URL step 2 printed, and Slack → a local receiver.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { execAsync, ROOT } from './support/child.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { hasTool } from './support/tools.js'

interface Block {
  lang: string
  text: string
}

/** The tour's fenced blocks, in order, without their indentation. */
function tourBlocks(): Block[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('## A five-minute tour with borgmatic')
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1))
  const blocks: Block[] = []
  for (const m of section.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)) {
    const indent = m[1]!.length
    blocks.push({ lang: m[2]!, text: m[3]!.replace(new RegExp(`^ {0,${indent}}`, 'gm'), '') })
  }
  return blocks
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

const tools = hasTool('borgmatic') && hasTool('borg')

describe.skipIf(!tools)('README: the five-minute tour, as written', () => {
  const lab = tempDir('backwatch-tour-')
  const blocks = tourBlocks()
  let port = 0
  let server: ChildProcess
  let serverOut = ''
  let slack: Receiver
  let pingUrl = ''
  const env = () => ({
    ...process.env,
    HOME: lab.dir,
    BORG_BASE_DIR: join(lab.dir, 'borg-home'),
    BACKWATCH_URL: `http://127.0.0.1:${port}`,
    BACKWATCH_LISTEN: `127.0.0.1:${port}`,
    BACKWATCH_DATABASE_URL: `sqlite:${join(lab.dir, 'tour.db')}`,
    NO_COLOR: '1',
  })
  const local = (text: string) =>
    text
      .replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)
      .replaceAll('https://hooks.slack.com/services/T000/B000/XXXX', `${slack.url}/services/T000/B000/XXXX`)
      .replaceAll('/var/backups/db01.borg', join(lab.dir, 'db01.borg'))
      .replaceAll('borgmatic create', `borgmatic -c ${join(lab.dir, 'config.yaml')} create`)
  // the second shell: what a block exported stays exported for the next blocks
  const exported: string[] = []
  /** a block in the second shell; it must succeed */
  const shell = async (block: Block) => {
    const script = [...exported, local(block.text)].join('\n')
    exported.push(...block.text.split('\n').filter((l) => /^export \w+=/.test(l)))
    // not spawnSync: the Slack stand-in answering it runs in this process
    const result = await execAsync('bash', ['-euo', 'pipefail', '-c', script], {
      env: env(),
      timeoutMs: 120_000,
    })
    // borgmatic's failed attempts at syslog (no /dev/log here) fill stderr with tracebacks
    const stderr = result.stderr
      .split('\n')
      .filter((l) => !/^\s|Traceback|During handling|Errno|^$/.test(l))
      .join('\n')
    expect(result.code, `${block.text}\n${result.stdout}\n${stderr}\nserver: ${serverOut}`).toBe(0)
    return result.stdout
  }

  beforeAll(async () => {
    port = await freePort()
    slack = await startReceiver()
    mkdirSync(join(lab.dir, 'etc'))
    writeFileSync(join(lab.dir, 'etc', 'hosts'), '127.0.0.1 localhost\n')
  })

  afterAll(async () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await new Promise((resolve) => server.once('exit', resolve))
    }
    await slack?.close()
    lab.cleanup()
  })

  it('has the blocks the tour walks through', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'sh', 'yaml', 'sh', 'sh', 'sh'])
    expect(blocks[0]!.text).toContain('npm start')
  })

  it('1. starts the server with npm start', async () => {
    server = spawn('bash', ['-euo', 'pipefail', '-c', local(blocks[0]!.text)], {
      cwd: ROOT,
      env: env(),
      detached: true,
    })
    server.stdout!.on('data', (d) => {
      serverOut += d
    })
    server.stderr!.on('data', (d) => {
      serverOut += d
    })
    const deadline = Date.now() + 60_000
    while (!serverOut.includes('backwatch listening on') && Date.now() < deadline) {
      expect(server.exitCode, serverOut).toBeNull()
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(serverOut).toContain(`backwatch listening on http://127.0.0.1:${port}`)
  }, 90_000)

  it('2. adds the job from a second shell and prints its ping URL', async () => {
    const out = await shell(blocks[1]!)
    expect(out).toContain('created job db01-nightly (0 2 * * * Europe/Berlin)')
    pingUrl = /ping URL: (http:\S+)/.exec(out)![1]!
    expect(pingUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/ping/[0-9a-f-]{36}$`))
  })

  it('3. writes the complete borgmatic config and inits its repository', async () => {
    const config = local(blocks[2]!.text)
      .replace('- /etc', `- ${join(lab.dir, 'etc')}`)
      .replace(/http:\S+\/ping\/0b6c…/, pingUrl)
    writeFileSync(join(lab.dir, 'config.yaml'), config)
    const valid = spawnSync('validate-borgmatic-config', ['-c', join(lab.dir, 'config.yaml')], {
      encoding: 'utf8',
    })
    expect(valid.status, valid.stderr).toBe(0)
    await shell(blocks[3]!)
  })

  it('4. backs up with borgmatic and shows the run with its numbers and log', async () => {
    const out = await shell(blocks[4]!)
    expect(out).toMatch(/db01-nightly\s+up/)
    expect(out).toMatch(/succeeded/)
    expect(out).toContain('Archive name:')
  }, 120_000)

  it('5. adds the Slack channel and sends it a test message', async () => {
    const before = slack.requests.length
    await shell(blocks[5]!)
    expect(slack.requests.length).toBeGreaterThan(before)
    expect(slack.requests.at(-1)!.url).toBe('/services/T000/B000/XXXX')
  })
})
