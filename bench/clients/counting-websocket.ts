import { WebSocket } from 'ws';

/** A `ws` WebSocket class for a provider's polyfill option that reports every received frame's size. */
export function countingWebSocket(onBytes: (n: number) => void): typeof globalThis.WebSocket {
  class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer | ArrayBuffer) => onBytes(data.byteLength));
    }
  }
  return CountingWebSocket as unknown as typeof globalThis.WebSocket;
}

/** Resolves once `check()` holds, polling every 25 ms: the same granularity for every client kind. */
export async function pollUntil(check: () => boolean, onPoll?: (waitedMs: number) => void): Promise<void> {
  let waited = 0;
  while (!check()) {
    await new Promise((r) => setTimeout(r, 25));
    waited += 25;
    onPoll?.(waited);
  }
}
