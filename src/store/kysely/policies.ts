// PolicyStore on Kysely (queries in policies-queries.ts).
import * as q from '../policies-queries.js'
import { inScope } from './store-context.js'

export const policyMethods = inScope({
  listPolicies: q.listPolicies,
  getPolicy: q.getPolicy,
  putPolicy: q.putPolicy,
  deletePolicy: q.deletePolicy,
})
