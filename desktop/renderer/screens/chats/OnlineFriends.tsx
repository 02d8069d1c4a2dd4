import type { Friend } from '../../../../shared/api/social.js';
import { Avatar } from '../../components/Avatar.js';
import { displayName } from '../../lib/names.js';

/** Friends who are online right now; a click opens the direct conversation. */
export function OnlineFriends({ friends, onOpen }: { friends: Friend[]; onOpen(username: string): void }) {
  const online = friends.filter((f) => f.online);
  if (online.length === 0) return null;
  return (
    <section className="online-friends" aria-label="Online friends">
      <h2 className="section-title">Online</h2>
      <ul role="list">
        {online.map((f) => (
          <li key={f.user.id}>
            <button className="online-friend" onClick={() => onOpen(f.user.username)} title={`Message ${displayName(f.user)}`}>
              <Avatar id={f.user.id} name={displayName(f.user)} avatarId={f.user.avatarId} online size={40} />
              <span>{displayName(f.user)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
