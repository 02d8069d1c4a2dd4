import { useSyncExternalStore } from 'react';
import type { Store } from '../lib/store.js';

/** The current value of `store`; re-renders on every change. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
