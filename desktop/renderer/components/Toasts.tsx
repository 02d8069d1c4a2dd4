import { useStore } from '../hooks/use-store.js';
import { toasts } from '../lib/toast.js';

/** The corner where toasts appear. */
export function Toasts() {
  const list = useStore(toasts);
  return (
    <div className="toasts" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
