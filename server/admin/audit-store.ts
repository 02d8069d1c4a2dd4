import type { Db } from '../db/database.js';

export interface AuditRow {
  id: number;
  admin_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: string | null;
  created_at: number;
}

/** All SQL on `admin_audit`. `admin_id` is null for actions taken with the CLI on the data directory. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  record(e: { adminId: string | null; action: string; targetType: string; targetId: string; details?: unknown }, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO admin_audit (admin_id, action, target_type, target_id, details, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.adminId, e.action, e.targetType, e.targetId, e.details === undefined ? null : JSON.stringify(e.details), now);
  }

  /** Newest first; `target` narrows to one target (and, with `action`, to one kind of action on it). */
  page(limit: number, offset: number, target?: { type: string; id: string; action?: string }): { rows: AuditRow[]; total: number } {
    const where = target ? `WHERE target_type = @type AND target_id = @id${target.action ? ' AND action = @action' : ''}` : '';
    const params = target ? { type: target.type, id: target.id, ...(target.action ? { action: target.action } : {}) } : {};
    const total = this.db.prepare(`SELECT count(*) FROM admin_audit ${where}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`SELECT * FROM admin_audit ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as AuditRow[];
    return { rows, total };
  }
}
