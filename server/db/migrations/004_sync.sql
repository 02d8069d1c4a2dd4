-- Sync: every accepted Yjs update of a conversation document, appended before it is broadcast;
-- compaction folds a prefix of them into one snapshot per document (in one transaction).
CREATE TABLE doc_updates (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  "update" BLOB NOT NULL,
  writer_user_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) STRICT;

-- The merge of every update of a document up to and including `seq`.
CREATE TABLE doc_snapshots (
  conversation_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Which user owns each Yjs client id in a document (claimed on first write; user_id NULL = the server).
CREATE TABLE doc_clients (
  conversation_id TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  user_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, client_id)
) STRICT;
