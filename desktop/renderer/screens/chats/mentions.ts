import type { Member } from '../../../../shared/api/social.js';
import { extractMentions } from '../../../../shared/doc/index.js';

/** Ids of `members` named by an `@username` in `text`, by the same rule the server applies. */
export function mentionedIds(text: string, members: Member[]): string[] {
  const names = new Set(extractMentions(text));
  return members.filter((m) => names.has(m.username.toLowerCase())).map((m) => m.id);
}

/** A run of message text; `mention` marks an `@username` naming a member. */
export interface TextPart {
  text: string;
  mention: boolean;
}

/**
 * `text` split into plain runs and the `@username`s of `usernames` (any case) that extractMentions
 * counts. Each `@token` is judged by extractMentions itself, given the one character before it (the
 * only context its rule looks at), so highlighting cannot drift from what the server counts.
 */
export function mentionParts(text: string, usernames: string[]): TextPart[] {
  const names = new Set(usernames.map((u) => u.toLowerCase()));
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(/@[\w.-]+/g)) {
    const at = match.index;
    const [name] = extractMentions(text.slice(Math.max(0, at - 1), at + match[0].length));
    if (name === undefined || !names.has(name)) continue;
    // `name` is the lowercased start of the token (trailing dots and dashes dropped).
    const end = at + 1 + name.length;
    if (at > plainFrom) parts.push({ text: text.slice(plainFrom, at), mention: false });
    parts.push({ text: text.slice(at, end), mention: true });
    plainFrom = end;
  }
  if (plainFrom < text.length || parts.length === 0) parts.push({ text: text.slice(plainFrom), mention: false });
  return parts;
}
