import { describe, expect, it } from 'vitest';
import { API_METHODS, ipcChannel } from '../../desktop/main/api-contract.js';
import type { Handlers } from '../../desktop/main/handlers/index.js';
import { IpcError, registerHandlers, type IpcEventLike, type IpcMainLike } from '../../desktop/main/ipc.js';

type Listener = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpc() {
  const channels = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void channels.set(channel, listener),
    removeHandler: (channel) => void channels.delete(channel),
  };
  return { ipc, channels };
}

const calls: unknown[][] = [];
const handlers = {
  settings: {
    getServerUrl: async () => 'https://chat.example.com',
    setServerUrl: async (url: string) => {
      calls.push(['setServerUrl', url]);
      const { ServerUrl } = await import('../../desktop/main/settings.js');
      return ServerUrl.parse(url);
    },
  },
  accounts: { list: async () => [], active: async () => null, save: async () => ({ tokenKept: true }), remove: async () => undefined },
  notifications: { show: async () => undefined },
  app: { info: async () => ({ version: '0', platform: 'linux', secureStorage: true }) },
} as unknown as Handlers;

const fromApp: IpcEventLike = { senderFrame: { url: 'app://parley/c/123' } };

describe('registerHandlers', () => {
  it('registers one channel per bridged method and unregisters them all', () => {
    const { ipc, channels } = fakeIpc();
    const off = registerHandlers(ipc, handlers);
    const expected = Object.entries(API_METHODS).flatMap(([ns, methods]) => methods.map((m) => ipcChannel(ns, m)));
    expect([...channels.keys()].sort()).toEqual(expected.sort());
    off();
    expect(channels.size).toBe(0);
  });

  it('passes the arguments through (not the event) and returns the answer', async () => {
    const { ipc, channels } = fakeIpc();
    registerHandlers(ipc, handlers);
    expect(await channels.get(ipcChannel('settings', 'setServerUrl'))!(fromApp, 'https://x.example/')).toBe('https://x.example');
    expect(calls.at(-1)).toEqual(['setServerUrl', 'https://x.example/']);
  });

  it('refuses calls from any frame but the app (navigated, injected or missing frames)', async () => {
    const { ipc, channels } = fakeIpc();
    registerHandlers(ipc, handlers);
    const call = channels.get(ipcChannel('settings', 'getServerUrl'))!;
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, { url: 'app://other/' }, null]) {
      await expect(call({ senderFrame })).rejects.toBeInstanceOf(IpcError);
    }
  });

  it('reports invalid arguments as an IpcError naming the problem', async () => {
    const { ipc, channels } = fakeIpc();
    registerHandlers(ipc, handlers);
    await expect(channels.get(ipcChannel('settings', 'setServerUrl'))!(fromApp, 'ftp://x')).rejects.toThrow(/invalid arguments/);
  });
});
