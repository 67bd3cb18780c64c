// Connects, migrates and returns the Store for a database target.
import { connect, type DatabaseTarget } from './connect.js'
import { KyselyStore } from './kysely-store.js'
import { migrate } from './migrations.js'
import type { Store } from './store.js'

export async function openStore(target: DatabaseTarget): Promise<Store> {
  const { db, kind, onClose } = connect(target)
  try {
    await migrate(db, kind)
  } catch (err) {
    await db.destroy()
    await onClose?.()
    throw err
  }
  return new KyselyStore(db, kind, onClose)
}
