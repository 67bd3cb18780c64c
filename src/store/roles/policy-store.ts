// Environment policies: rule overrides and the defaults of jobs created for an environment.
import type { StoredPolicy } from '../../domain/records.js'

export interface PolicyStore {
  listPolicies(): Promise<StoredPolicy[]>
  getPolicy(environment: string): Promise<StoredPolicy | null>
  putPolicy(p: Omit<StoredPolicy, 'updatedAt' | 'projectId'>, now: number): Promise<StoredPolicy>
  deletePolicy(environment: string): Promise<boolean>
}
