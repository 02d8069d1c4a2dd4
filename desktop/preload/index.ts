import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, BRIDGE_GLOBAL, ipcChannel } from '../main/api-contract.js';

// window.parley: one ipcRenderer.invoke per handler method; nothing else of Electron reaches the page.
const api = Object.fromEntries(
  Object.entries(API_METHODS).map(([namespace, methods]) => [
    namespace,
    Object.fromEntries(methods.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(namespace, method), ...args)])),
  ]),
);

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
