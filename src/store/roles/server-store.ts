// Servers: their settings, their heartbeat facts, and claiming the ones gone silent.
import type { ServerRecord } from '../../domain/records.js'
import type { Page, PageRequest } from '../page.js'
import type { ServersTable } from '../schema.js'

export type ServerRef = { id: number } | { name: string }

export interface NewServer {
  name: string
  environment: string | null
  tags: string[]
  heartbeatTimeout: number | null
}

export type ServerStatePatch = Partial<
  Pick<ServersTable, 'last_heartbeat_at' | 'offline_at' | 'offline_since'>
>

export interface ServerHealthFilter {
  /** judges a heartbeat overdue */
  now: number
  /** a part of the name, any case */
  search?: string
}

export interface ServerHealth {
  server: ServerRecord
  /** how many of its jobs are down */
  jobsDown: number
}

export interface ServerStore {
  createServer(server: NewServer, now: number): Promise<ServerRecord>
  updateServer(id: number, patch: Partial<NewServer>, now: number): Promise<ServerRecord>
  deleteServer(id: number): Promise<boolean>
  getServer(ref: ServerRef): Promise<ServerRecord | null>
  /** By id; `withoutJobs`: only servers no job runs on (the fleet's coverage gaps). */
  listServers(page: PageRequest, filter?: { withoutJobs?: boolean }): Promise<Page<ServerRecord>>
  /** Worst first: offline, with a job down, without any job, the rest; each by id (the dashboard). */
  listServerHealth(filter: ServerHealthFilter, page: PageRequest): Promise<Page<ServerHealth>>
  /** Writes a server's heartbeat facts (last heartbeat, offline deadline, offline state). */
  updateServerState(id: number, patch: ServerStatePatch, now: number): Promise<void>
  /** Servers whose offline_at has passed and that are not yet marked offline (claimed like dueJobs). */
  dueServers(now: number, limit: number): Promise<ServerRecord[]>
  /** Locks the server for the rest of the transaction (PostgreSQL) and returns it read afresh. */
  lockServer(id: number): Promise<ServerRecord | null>
  /** How many jobs a server has, and how many of them are not paused. */
  serverJobCounts(serverId: number): Promise<{ total: number; active: number }>
}
