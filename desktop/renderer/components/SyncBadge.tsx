import { syncLabel, type SyncState } from '../sync/sync-state.js';

/** The online / offline / syncing indicator of a conversation. */
export function SyncBadge({ state }: { state: SyncState }) {
  return (
    <span className={`sync-badge sync-${state.kind}`} data-testid="sync-state" data-state={state.kind} role="status">
      <span className="sync-dot" />
      {syncLabel(state)}
    </span>
  );
}
