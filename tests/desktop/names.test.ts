import { describe, expect, it } from 'vitest';
import { displayName, nameAmong } from '../../desktop/renderer/lib/names.js';

/** How the app names people, including those no longer in a conversation. */
const ann = { id: 'u-ann', username: 'ann', displayName: 'Ann Lee' };
const ben = { id: 'u-ben', username: 'ben', displayName: null };

describe('names', () => {
  it('prefer the display name, else the username', () => {
    expect(displayName(ann)).toBe('Ann Lee');
    expect(displayName(ben)).toBe('ben');
    expect(displayName({ ...ben, displayName: '' })).toBe('ben');
  });

  it('name a member by id, and someone who left as the given fallback', () => {
    expect(nameAmong([ann, ben], 'u-ben')).toBe('ben');
    expect(nameAmong([ann, ben], 'u-ann')).toBe('Ann Lee');
    expect(nameAmong([ann], 'u-gone')).toBe('someone');
    expect(nameAmong([ann], 'u-gone', 'Someone')).toBe('Someone');
    expect(nameAmong([], 'u-ann')).toBe('someone');
  });
});
