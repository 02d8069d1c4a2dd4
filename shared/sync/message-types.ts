/** Top-level y-websocket message types (first varuint of every binary frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** y-protocols sync sub-messages (second varuint of a `sync` message). */
export const SyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;
