-- Social graph: friend requests, friendships, blocks, conversations with their members,
-- notifications and per-user settings. Pairs are stored ordered (smaller id first) so a pair
-- has exactly one row whichever side acted, and unique indexes settle races.

-- Only pending requests live here; answering or cancelling one deletes it (events keep the story).
CREATE TABLE friend_requests (
  id TEXT PRIMARY KEY,
  sender_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  recipient_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- "<smaller id>:<larger id>": one pending request per pair, in either direction.
  pair_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK (sender_id <> recipient_id)
) STRICT;
CREATE UNIQUE INDEX friend_requests_pair ON friend_requests (pair_key);
CREATE INDEX friend_requests_sender ON friend_requests (sender_id);
CREATE INDEX friend_requests_recipient ON friend_requests (recipient_id);

CREATE TABLE friendships (
  user_low TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_high TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_low, user_high),
  CHECK (user_low < user_high)
) STRICT;
CREATE INDEX friendships_high ON friendships (user_high);

CREATE TABLE blocks (
  blocker_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
) STRICT;
CREATE INDEX blocks_blocked ON blocks (blocked_id);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('direct', 'group')),
  -- Direct only: "<smaller id>:<larger id>"; the unique index makes one conversation per pair
  -- even when both sides create it at the same moment (NULLs, i.e. groups, never collide).
  direct_key TEXT,
  name TEXT,
  avatar_id TEXT,
  created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  -- Direct only: set while the two are no longer friends (history stays readable, no new messages).
  closed_at INTEGER,
  -- Group only: set when its last member left.
  archived_at INTEGER,
  CHECK ((type = 'direct') = (direct_key IS NOT NULL)),
  CHECK ((type = 'group') = (name IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX conversations_direct_key ON conversations (direct_key);

-- Membership is SQL (not the doc) because the sync server checks it on every connection.
CREATE TABLE conversation_members (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
) STRICT;
CREATE INDEX conversation_members_user ON conversation_members (user_id);
-- At most one owner per conversation.
CREATE UNIQUE INDEX conversation_members_owner ON conversation_members (conversation_id) WHERE role = 'owner';

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  -- JSON validated by the notifications store when read back.
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- JSON so a new setting needs no migration: missing keys take their defaults when read.
CREATE TABLE user_settings (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  settings TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
