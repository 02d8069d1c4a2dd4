import * as Y from 'yjs';
import type { StoredRows } from '../sync/persistence.js';

/** A document rebuilt from its stored rows, and what was wrong with them (empty when all is well). */
export interface RebuiltDocument {
  doc: Y.Doc;
  problems: string[];
}

/**
 * Rebuilds a conversation document from SQLite's rows (snapshot first, then each stored update in
 * order), never from a live room, so it shows exactly what a restart would load. Each row is
 * decoded on its own first: a row that does not decode is reported and left out, and updates whose
 * dependencies are missing are reported too.
 */
export function rebuildDocument(rows: StoredRows): RebuiltDocument {
  const doc = new Y.Doc();
  const problems: string[] = [];
  const parts = [
    ...(rows.snapshot ? [{ label: `snapshot (seq ${rows.snapshot.seq})`, bytes: rows.snapshot.bytes }] : []),
    ...rows.updates.map((u) => ({ label: `update seq ${u.seq}`, bytes: u.bytes })),
  ];
  for (const part of parts) {
    try {
      Y.decodeUpdate(part.bytes);
      Y.applyUpdate(doc, part.bytes);
    } catch (err) {
      problems.push(`${part.label} does not decode: ${(err as Error).message}`);
    }
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    problems.push('some stored updates depend on data that is not stored (pending structs or deletes)');
  }
  return { doc, problems };
}
