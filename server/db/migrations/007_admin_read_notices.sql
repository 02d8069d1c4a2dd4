-- When each admin last told a conversation's members (with a system message) that they read it:
-- at most one such message per admin, conversation and hour. The audit log records every read.
CREATE TABLE admin_read_notices (
  admin_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  notified_at INTEGER NOT NULL,
  PRIMARY KEY (admin_id, conversation_id)
) STRICT;
