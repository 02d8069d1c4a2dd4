-- What admins did and read: shown to operators, and to members of conversations an admin read.
CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY,
  admin_id TEXT REFERENCES users (id),
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  details TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX admin_audit_target ON admin_audit (target_type, target_id, created_at);
