import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { jsonDepth } from '../../shared/doc/schema.js';

/**
 * Awareness updates from a connection, rewritten before the room sees them: entries for client
 * ids the sender may not use are dropped, and every state's `user` is the server-verified user.
 */

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The JSON text of the state; "null" removes it. */
  state: string;
}

export const MAX_AWARENESS_ENTRIES = 16;
export const MAX_AWARENESS_STATE_BYTES = 4096;
const MAX_STATE_DEPTH = 8;

/** Decodes a y-protocols awareness update; throws on malformed bytes. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_AWARENESS_ENTRIES) throw new Error('too many awareness entries');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
  return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Keeps the entries `mayUse` allows, with `user` replaced by `{ id: userId }`. Returns null when
 * the update is malformed (bad bytes, oversized or non-object states).
 */
export function rewriteAwareness(update: Uint8Array, userId: string, mayUse: (clientId: number) => boolean): AwarenessEntry[] | null {
  let entries: AwarenessEntry[];
  try {
    entries = decodeAwareness(update);
  } catch {
    return null;
  }
  const kept: AwarenessEntry[] = [];
  for (const entry of entries) {
    if (entry.state.length > MAX_AWARENESS_STATE_BYTES) return null;
    let state: unknown;
    try {
      state = JSON.parse(entry.state);
    } catch {
      return null;
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return null;
    if (jsonDepth(state, MAX_STATE_DEPTH) > MAX_STATE_DEPTH) return null;
    if (!mayUse(entry.clientId)) continue;
    const rewritten = state === null ? null : { ...(state as Record<string, unknown>), user: { id: userId } };
    kept.push({ ...entry, state: JSON.stringify(rewritten) });
  }
  return kept;
}
