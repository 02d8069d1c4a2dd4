import { Store } from '../lib/store.js';
import { useStore } from './use-store.js';

/** The browser's idea of the network (navigator.onLine), as a store. */
export const network = new Store(navigator.onLine);
addEventListener('online', () => network.set(true));
addEventListener('offline', () => network.set(false));

/** True while the browser has a network. */
export function useOnline(): boolean {
  return useStore(network);
}
