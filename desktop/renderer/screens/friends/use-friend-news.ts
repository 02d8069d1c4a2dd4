import { useEffect, useRef } from 'react';
import type { NotificationsFeed } from '../notifications/use-notifications.js';
import { friendActivity } from './friend-activity.js';

/**
 * Calls `onNews` whenever the live inbox brings a friend request or an acceptance after the screen
 * opened (what was there before, or arrives with the inbox's first load, the screen's own load covers).
 */
export function useFriendNews(feed: NotificationsFeed, onNews: () => void): void {
  const activity = friendActivity(feed);
  const known = useRef(activity);
  const latest = useRef(onNews);
  latest.current = onNews;
  useEffect(() => {
    const before = known.current;
    known.current = activity;
    if (before !== null && activity !== before) latest.current();
  }, [activity]);
}
