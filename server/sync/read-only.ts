import * as Y from 'yjs';
import { CloseCode } from '../../shared/sync/close-codes.js';
import type { Verdict } from './validation.js';

/**
 * The rule for documents only the server writes (inboxes): a client's update may only repeat what
 * the room already has. Stock clients always answer sync with an update — empty, or (with a local
 * copy) the room's own structs and its whole delete set — so those must pass, anything new must not.
 */
export function checkReadOnly(update: Uint8Array, doc: Y.Doc, maxUpdateBytes: number): Verdict {
  if (update.length > maxUpdateBytes) return { ok: false, code: CloseCode.tooLarge, reason: 'update too large' };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { ok: false, code: CloseCode.invalidUpdate, reason: 'undecodable update' };
  }
  const refused = { ok: false as const, code: CloseCode.forbidden, reason: 'read-only document' };
  for (const s of decoded.structs) if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return refused;
  if (decoded.ds.clients.size > 0) {
    const known = Y.createDeleteSetFromStructStore(doc.store);
    for (const [client, ranges] of decoded.ds.clients) {
      const deleted = known.clients.get(client) ?? [];
      if (!ranges.every((r) => covered(deleted, r.clock, r.len))) return refused;
    }
  }
  return { ok: true, claims: [], messages: [] };
}

/** Whether sorted, merged `ranges` cover every clock in [clock, clock + len). */
function covered(ranges: ReadonlyArray<{ clock: number; len: number }>, clock: number, len: number): boolean {
  let from = clock;
  const end = clock + len;
  for (const r of ranges) {
    if (r.clock > from) return false;
    if (r.clock + r.len > from) from = r.clock + r.len;
    if (from >= end) return true;
  }
  return from >= end;
}
