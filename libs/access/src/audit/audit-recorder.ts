import type { Clock, IdGenerator } from '@hourglass/contracts';
import type { Principal } from '../roles';
import { auditedPath, auditIdFor, type AuditEntry } from './audit-entry';

export interface AuditLogStore {
  append(entry: AuditEntry): Promise<void>;
}

export interface AuditedRequest {
  method: string;
  originalUrl: string;
  idempotencyKey: string | null;
}

/** Turns a finished write into an audit entry and stores it; the caller decides what "finished" is. */
export class AuditRecorder {
  constructor(
    private readonly store: AuditLogStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async record(principal: Principal, request: AuditedRequest, status: number): Promise<AuditEntry> {
    const atMs = this.clock.nowMs();
    const entry: AuditEntry = {
      id: auditIdFor(atMs, this.ids.newId()),
      at: new Date(atMs).toISOString(),
      actor: principal.name,
      role: principal.role,
      method: request.method.toUpperCase(),
      path: auditedPath(request.originalUrl),
      status,
      idempotencyKey: request.idempotencyKey ? request.idempotencyKey.slice(0, 255) : null,
    };
    await this.store.append(entry);
    return entry;
  }
}

/** Reads are not audited; every other method changes something, or may (`POST /v1/sql` is kept too). */
export function isAuditedMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
