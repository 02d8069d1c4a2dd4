import * as Y from 'yjs';

/** Runs `change` on the replica and returns the update it produced (not applied anywhere else). */
export function capture(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listen = (u: Uint8Array) => updates.push(u);
  doc.on('update', listen);
  change(doc);
  doc.off('update', listen);
  return Y.mergeUpdates(updates);
}
