import { Store } from './store.js';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

/** Short messages shown in the corner for a few seconds. */
export const toasts = new Store<Toast[]>([]);
let next = 1;

/** Shows `text` for five seconds. */
export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  const id = next++;
  toasts.set((list) => [...list.slice(-3), { id, text, kind }]);
  setTimeout(() => toasts.set((list) => list.filter((t) => t.id !== id)), 5000);
}
