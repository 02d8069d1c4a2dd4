import { CloseCode } from '../../../shared/sync/close-codes.js';

/**
 * The state of one conversation's sync, as the indicator shows it. Pure, so the transitions are
 * unit-tested without sockets.
 */
export type SyncState =
  | { kind: 'offline' }
  /** Network is up; the socket is opening (or waiting to retry). */
  | { kind: 'connecting' }
  /** Connected; exchanging what each side is missing. */
  | { kind: 'syncing' }
  /** Connected and up to date: what is written now reaches the server at once. */
  | { kind: 'online' }
  /** The server ended it for good; `reason` says why. Nothing retries. */
  | { kind: 'stopped'; code: number; reason: string };

export type SyncEvent =
  | { type: 'network'; online: boolean }
  | { type: 'socket'; status: 'connecting' | 'connected' | 'disconnected' }
  | { type: 'synced' }
  | { type: 'stopped'; code: number; reason: string };

/** The next state after `event`. A stopped sync stays stopped. */
export function nextSyncState(state: SyncState, event: SyncEvent): SyncState {
  if (state.kind === 'stopped') return state;
  switch (event.type) {
    case 'network':
      return event.online ? (state.kind === 'offline' ? { kind: 'connecting' } : state) : { kind: 'offline' };
    case 'socket':
      if (state.kind === 'offline') return state;
      if (event.status === 'connected') return { kind: 'syncing' };
      return { kind: 'connecting' };
    case 'synced':
      return state.kind === 'syncing' || state.kind === 'connecting' ? { kind: 'online' } : state;
    case 'stopped':
      return { kind: 'stopped', code: event.code, reason: event.reason };
  }
}

/** What a terminal close code means for the user; null for codes worth retrying. */
export function stopReason(code: number): string | null {
  switch (code) {
    case CloseCode.forbidden:
      return 'You are no longer a member of this conversation, so it no longer syncs. What you have is kept here.';
    case CloseCode.unknownRoom:
      return 'This conversation no longer exists on the server.';
    case CloseCode.invalidUpdate:
      return 'The server refused a change from this device, so syncing stopped.';
    case CloseCode.tooLarge:
      return 'A change from this device was too large for the server, so syncing stopped.';
    default:
      return null;
  }
}

/** Short label of the indicator. */
export function syncLabel(state: SyncState): string {
  switch (state.kind) {
    case 'offline':
      return 'Offline';
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return 'Syncing…';
    case 'online':
      return 'Online';
    case 'stopped':
      return 'Not syncing';
  }
}
