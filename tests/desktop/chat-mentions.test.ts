import { describe, expect, it } from 'vitest';
import type { Member } from '../../shared/api/social.js';
import { extractMentions } from '../../shared/doc/index.js';
import { mentionParts, mentionedIds } from '../../desktop/renderer/screens/chats/mentions.js';

const member = (id: string, username: string): Member => ({
  id,
  username,
  displayName: null,
  bio: null,
  avatarId: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  role: 'member',
  joinedAt: '2024-01-01T00:00:00.000Z',
});
const members = [member('id-alice', 'alice'), member('id-bob', 'bob'), member('id-bob.smith', 'bob.smith')];
const usernames = members.map((m) => m.username);
/** Only the highlighted runs. */
const highlighted = (text: string) => mentionParts(text, usernames).filter((p) => p.mention).map((p) => p.text);

describe('mentions in the composer', () => {
  it('counts @Alice (any case) as a mention of alice', () => {
    expect(mentionedIds('hi @Alice', members)).toEqual(['id-alice']);
  });

  it('does not count an email address', () => {
    expect(mentionedIds('mail bob@example.com', members)).toEqual([]);
  });

  it('names the same members the server would, from extractMentions', () => {
    const text = 'ping @bob.smith, @ALICE. and me@bob.com; @carol';
    expect(extractMentions(text)).toEqual(['bob.smith', 'alice', 'carol']);
    expect(mentionedIds(text, members)).toEqual(['id-alice', 'id-bob.smith']);
  });
});

describe('mention highlighting', () => {
  it('highlights @Alice in its written case and leaves the rest as text', () => {
    expect(mentionParts('See you @Alice!', usernames)).toEqual([
      { text: 'See you ', mention: false },
      { text: '@Alice', mention: true },
      { text: '!', mention: false },
    ]);
  });

  it('does not highlight email addresses, strangers or names glued to other text', () => {
    expect(highlighted('mail bob@example.com or @carol, x.@bob @@bob')).toEqual([]);
  });

  it('drops trailing dots and dashes like extractMentions does', () => {
    expect(highlighted('thanks @bob. and @bob.smith-')).toEqual(['@bob', '@bob.smith']);
  });

  it('keeps every character of the text, in order', () => {
    const text = 'a @Alice b@c.de @bob.smith. @zed';
    expect(mentionParts(text, usernames).map((p) => p.text).join('')).toBe(text);
    expect(mentionParts('', usernames)).toEqual([{ text: '', mention: false }]);
  });
});
