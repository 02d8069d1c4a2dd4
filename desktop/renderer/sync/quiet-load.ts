import type { IndexeddbPersistence } from 'y-indexeddb';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * Waits for y-indexeddb to load the local copy without the doc's 'update' listeners attached.
 * Loading is one transaction holding the whole history; while anything listens to 'update', Yjs
 * encodes all of it again only to hand it to listeners that ignore it (y-indexeddb skips its own
 * load, the provider is not connected yet). For a 100,000-message conversation that encoding
 * costs about as much as the load itself. Changes made on this device meanwhile (its own client
 * id, which nothing stored has) are stored once the listeners are back; the provider sends them
 * with its first sync.
 */
export async function loadQuietly(doc: Y.Doc, local: IndexeddbPersistence, provider: WebsocketProvider): Promise<void> {
  doc.off('update', local._storeUpdate);
  doc.off('update', provider._updateHandler);
  let changedHere = false;
  const watch = (tr: Y.Transaction) => {
    if (tr.origin !== local) changedHere = true;
  };
  doc.on('afterTransaction', watch);
  try {
    await local.whenSynced;
  } finally {
    doc.off('afterTransaction', watch);
    doc.on('update', local._storeUpdate);
    doc.on('update', provider._updateHandler);
  }
  if (changedHere) {
    // Only this device's client id: everything else came from the store or will come from the server.
    const others = Y.decodeStateVector(Y.encodeStateVector(doc));
    others.set(doc.clientID, 0);
    local._storeUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(others)), null);
  }
}
