import { useObjectUrl } from '../hooks/use-object-url.js';
import { useMedia } from './media.js';

/** Up to two initials of a name ("Ada Lovelace" → "AL", "bob.smith" → "BS"). */
export function initials(name: string): string {
  return name
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/** One of eight colours, stable per id. */
export function hueOf(id: string): number {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 8;
}

interface Props {
  id: string;
  name: string;
  size?: number;
  online?: boolean;
  /** The picture, when the user or group has one; fetched once per id and kept in memory. */
  avatarId?: string | null;
}

/**
 * A round avatar: the picture when `avatarId` is set and it loads, else initials on a colour
 * stable per id. Shows a presence dot when `online` is set.
 */
export function Avatar({ id, name, size = 36, online, avatarId }: Props) {
  const media = useMedia();
  const picture = avatarId ?? null;
  const url = useObjectUrl(media?.images ?? null, picture && `avatar:${picture}`, () => media!.avatars.image(picture!));
  return (
    <span className={`avatar hue-${hueOf(id)}`} style={{ width: size, height: size, fontSize: size * 0.4 }} aria-hidden="true" data-avatar={url ? 'image' : 'initials'}>
      {url ? <img className="avatar-image" src={url} alt="" width={size} height={size} draggable={false} /> : initials(name) || '?'}
      {online !== undefined ? <span className={`presence ${online ? 'on' : 'off'}`} /> : null}
    </span>
  );
}
