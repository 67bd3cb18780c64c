// The argv of `backwatch serve` on loopback port 0 with a SQLite file (and a config file, if any).
import { join } from 'node:path'

export function serveArgs(ROOT, dbPath, configPath) {
  return [
    join(ROOT, 'bin/backwatch.js'),
    'serve',
    '--listen',
    '127.0.0.1:0',
    '--database',
    `sqlite:${dbPath}`,
    ...(configPath ? ['--config', configPath] : []),
  ]
}
