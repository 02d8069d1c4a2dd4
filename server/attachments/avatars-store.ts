import type { Db } from '../db/database.js';

/** A row of `avatars`: the id is the sha256 of the stored image. */
export interface AvatarRow {
  id: string;
  mime_type: string;
  size: number;
  created_by: string | null;
  created_at: number;
}

/** All SQL on `avatars`. */
export class AvatarsStore {
  constructor(private readonly db: Db) {}

  /** Registers an avatar image; the same image registered again keeps its first row. */
  insert(a: Omit<AvatarRow, 'created_at'>, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO avatars (id, mime_type, size, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(a.id, a.mime_type, a.size, a.created_by, now);
  }

  byId(id: string): AvatarRow | undefined {
    return this.db.prepare('SELECT * FROM avatars WHERE id = ?').get(id) as AvatarRow | undefined;
  }
}
