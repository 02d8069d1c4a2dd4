/** The app's client routes; patterns use `:name` segments. */
export const Routes = {
  setup: '/setup',
  register: '/register',
  verify: '/verify',
  login: '/login',
  chats: '/',
  chat: '/c/:id',
  friends: '/friends',
  newGroup: '/groups/new',
  notifications: '/notifications',
  settings: '/settings',
  admin: '/admin',
  adminConversation: '/admin/c/:id',
} as const;

/** The parameters of `path` when it matches `pattern`, else null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('?')[0]!.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) return null;
  }
  return params;
}

/** The path of the chat view of a conversation. */
export function chatPath(conversationId: string): string {
  return `/c/${encodeURIComponent(conversationId)}`;
}

/** The admin view of a conversation as stored. */
export function adminConversationPath(conversationId: string): string {
  return `/admin/c/${encodeURIComponent(conversationId)}`;
}
