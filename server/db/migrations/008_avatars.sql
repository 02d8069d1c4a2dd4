-- Images: the size of an image attachment's original (NULL when it is no image, or one that could
-- not be decoded) and its thumbnail's blob (fits in 320×320, WebP; NULL when there is none).
ALTER TABLE attachments ADD COLUMN width INTEGER;
ALTER TABLE attachments ADD COLUMN height INTEGER;
ALTER TABLE attachments ADD COLUMN thumbnail_sha256 TEXT;

-- Avatars of users and groups (users.avatar_id, conversations.avatar_id): 256×256 squares re-encoded
-- by the server, stored in the same content-addressed blob store. The id is the image's sha256, so an
-- avatar's bytes never change and clients may cache them for good. Only ids listed here are served.
CREATE TABLE avatars (
  id TEXT PRIMARY KEY,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
) STRICT;
