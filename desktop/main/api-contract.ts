import type { Handlers } from './handlers/index.js';

/**
 * The typed bridge between renderer and main. The renderer imports only these types; the
 * preload uses API_METHODS to build `window.parley`, one `ipcRenderer.invoke` per method.
 */

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** `window.parley` as the renderer sees it: every handler, by namespace, as an async call. */
export type DesktopApi = { [NS in keyof Handlers]: { [M in keyof Handlers[NS]]: Async<Handlers[NS][M]> } };

/** The methods the preload exposes; a test checks this against the handler objects. */
export const API_METHODS = {
  settings: ['getServerUrl', 'setServerUrl'],
  accounts: ['list', 'active', 'save', 'remove'],
  notifications: ['show'],
  app: ['info'],
} as const satisfies { [NS in keyof Handlers]: ReadonlyArray<keyof Handlers[NS]> };

/** Name of the global the preload defines in the renderer. */
export const BRIDGE_GLOBAL = 'parley';

/** The IPC channel of one method. */
export function ipcChannel(namespace: string, method: string): string {
  return `parley:${namespace}.${method}`;
}
