// Kysely builds and compiles a query on every call: 50-100 µs for a select with joins, more than
// SQLite takes to run it. On the ingest path the same shapes repeat, so a shape compiles once,
// with Slot markers where values go, and each call fills the slots. Every value of a cached query
// must be a slot: a literal value would be frozen into the template. The key names the shape
// (everything that changes the SQL text: list lengths, optional clauses, columns set).
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely'

class Slot {
  constructor(readonly index: number) {}
}

const MAX_SHAPES = 2000
// per dialect adapter: a transaction shares its database's adapter, PostgreSQL and SQLite differ
const templates = new WeakMap<object, Map<string, CompiledQuery>>()

/** A value placeholder typed to fit wherever the builder wants a value. */
// biome-ignore lint/suspicious/noExplicitAny: a slot stands for a value of any column's type
export type SlotOf = (index: number) => any

export async function executeCached<R>(
  // biome-ignore lint/suspicious/noExplicitAny: works on any of our databases and transactions
  db: Kysely<any>,
  key: string,
  values: readonly unknown[],
  build: (slot: SlotOf) => Compilable<R>,
): Promise<QueryResult<R>> {
  const adapter = db.getExecutor().adapter
  let shapes = templates.get(adapter)
  if (!shapes) {
    shapes = new Map()
    templates.set(adapter, shapes)
  }
  let template = shapes.get(key) as CompiledQuery<R> | undefined
  if (!template) {
    template = build((i) => new Slot(i)).compile()
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!)
    shapes.set(key, template)
  }
  const parameters = template.parameters.map((p) => {
    if (!(p instanceof Slot)) throw new Error(`cached query ${key}: a value is not a slot`)
    return values[p.index]
  })
  return db.executeQuery<R>({ ...template, parameters })
}
