// The migrator asks "does my bookkeeping table exist?" through the dialect's introspector, which
// on PostgreSQL reads every schema of the database: a schema another instance or test drops at
// that moment fails the read ("schema … does not exist"). This one looks at our schema only.
import { type DatabaseIntrospector, type Kysely, type SchemaMetadata, sql, type TableMetadata } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on the untyped database
export function scopedToSchema(db: Kysely<any>, schema: string): Kysely<any> {
  const introspector: DatabaseIntrospector = {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)
      return rows.map((r) => ({ name: r.name }))
    },
    async getTables(): Promise<TableMetadata[]> {
      const { rows } = await sql<{ name: string; kind: string }>`
        select c.relname as name, c.relkind as kind from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'v', 'p')`.execute(db)
      return rows.map((r) => ({ name: r.name, schema, isView: r.kind === 'v', columns: [] }))
    },
    async getMetadata() {
      return { tables: await this.getTables() }
    },
  }
  return new Proxy(db, {
    get(target, key) {
      if (key === 'introspection') return introspector
      const value = Reflect.get(target, key, target)
      // Kysely's methods use private fields: they must run on the real instance.
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
