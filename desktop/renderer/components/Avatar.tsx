/** A round avatar with initials; the colour is stable per user id. Shows a dot when `online` is set. */
export function Avatar({ id, name, size = 36, online }: { id: string; name: string; size?: number; online?: boolean }) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const initials = name
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return (
    <span className={`avatar hue-${hash % 8}`} style={{ width: size, height: size, fontSize: size * 0.4 }} aria-hidden="true">
      {initials || '?'}
      {online !== undefined ? <span className={`presence ${online ? 'on' : 'off'}`} /> : null}
    </span>
  );
}
