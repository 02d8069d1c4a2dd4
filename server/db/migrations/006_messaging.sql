-- Messaging: the conversation index derived from the documents (which stay the source of truth),
-- so the conversation list needs no document loads. Rewritten from a room's document after each
-- accepted update; a lost row is rebuilt from the document on the next start.
CREATE TABLE conversation_index (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  -- Messages by people (system messages excluded), deleted ones included.
  message_count INTEGER NOT NULL,
  -- The newest message by a person; text NULL when it was deleted.
  last_message_id TEXT,
  last_message_author TEXT,
  last_message_text TEXT,
  last_message_created_at INTEGER,
  last_message_deleted INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;

-- Each member's read position (furthest over their devices) and what is still unread for them:
-- messages by others, after that position, not deleted, not system messages.
CREATE TABLE conversation_reads (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_message_id TEXT,
  unread_count INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
) STRICT;

-- When each user was last mailed about missed messages in a conversation (at most one an hour).
CREATE TABLE missed_message_mails (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, conversation_id)
) STRICT;

-- Attachments: metadata here, bytes content-addressed under DATA_DIR/blobs/<sha256[0:2]>/<sha256>.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  uploader_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  -- Sniffed from the content, never taken from the client.
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Which conversations' messages reference an attachment: their members may download it.
CREATE TABLE attachment_refs (
  attachment_id TEXT NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (attachment_id, conversation_id)
) STRICT;
