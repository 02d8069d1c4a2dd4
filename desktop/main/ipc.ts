import { ZodError } from 'zod';
import { API_METHODS, ipcChannel } from './api-contract.js';
import type { Handlers } from './handlers/index.js';
import { isAppUrl } from './security.js';

/** What registering needs from `ipcMain`: `handle(channel, listener)`. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of an IPC event we look at: which frame sent it. */
export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

/** Thrown to the renderer for a refused call: names the problem, never a stack. */
export class IpcError extends Error {}

/**
 * Registers every method of `handlers` on its channel. Calls from any frame but our own app page
 * are refused (a navigated or injected frame must not reach the settings), and bad arguments
 * come back as an IpcError naming the problem. Returns a function that unregisters them all.
 */
export function registerHandlers(ipc: IpcMainLike, handlers: Handlers): () => void {
  const channels: string[] = [];
  for (const [namespace, methods] of Object.entries(API_METHODS)) {
    const group = handlers[namespace as keyof Handlers] as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of methods) {
      const channel = ipcChannel(namespace, method);
      const fn = group[method];
      if (typeof fn !== 'function') throw new Error(`no handler for ${channel}`);
      ipc.handle(channel, async (event, ...args) => {
        if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) throw new IpcError('refused: not the Parley app');
        try {
          return await fn(...args);
        } catch (err) {
          if (err instanceof ZodError) throw new IpcError(`invalid arguments: ${err.issues[0]?.message ?? 'bad input'}`);
          throw err;
        }
      });
      channels.push(channel);
    }
  }
  return () => channels.forEach((c) => ipc.removeHandler(c));
}
