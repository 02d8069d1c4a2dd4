/**
 * A recording stand-in for the `electron` module, bundled into the main and preload entry points
 * in tests instead of the real one (whose binary cannot be downloaded here). Everything the entry
 * points do lands in `globalThis.__electron`, which the test reads.
 */

type Fn = (...args: any[]) => any;

export interface FakeWindow {
  options: any;
  loaded: string[];
  handlers: Map<string, Fn[]>;
  bounds: { x: number; y: number; width: number; height: number };
  maximized: boolean;
  emit(event: string, ...args: unknown[]): void;
}

export interface ElectronRecord {
  userData: string;
  schemes: unknown[];
  protocolHandlers: Map<string, (req: Request) => Promise<Response>>;
  appHandlers: Map<string, Fn[]>;
  ipcHandlers: Map<string, Fn>;
  windows: FakeWindow[];
  webRequest: { before?: Fn; received?: Fn };
  permissionRequest?: Fn;
  permissionCheck?: Fn;
  opened: string[];
  notifications: Array<{ title: string; body: string }>;
  exposed: Map<string, any>;
  invoked: Array<{ channel: string; args: unknown[] }>;
}

const g = globalThis as typeof globalThis & { __electron?: ElectronRecord };
const rec: ElectronRecord = (g.__electron ??= {
  userData: '/tmp',
  schemes: [],
  protocolHandlers: new Map(),
  appHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  webRequest: {},
  opened: [],
  notifications: [],
  exposed: new Map(),
  invoked: [],
});

const on = (map: Map<string, Fn[]>) => (event: string, fn: Fn) => {
  map.set(event, [...(map.get(event) ?? []), fn]);
};

export const app = {
  requestSingleInstanceLock: () => true,
  quit: () => undefined,
  exit: () => undefined,
  on: on(rec.appHandlers),
  whenReady: () => Promise.resolve(),
  getPath: () => rec.userData,
  getVersion: () => '9.9.9',
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => void rec.schemes.push(...schemes),
  handle: (scheme: string, fn: (req: Request) => Promise<Response>) => void rec.protocolHandlers.set(scheme, fn),
};

export const session = {
  defaultSession: {
    webRequest: {
      onBeforeSendHeaders: (_filter: unknown, fn: Fn) => void (rec.webRequest.before = fn),
      onHeadersReceived: (_filter: unknown, fn: Fn) => void (rec.webRequest.received = fn),
    },
    setPermissionRequestHandler: (fn: Fn) => void (rec.permissionRequest = fn),
    setPermissionCheckHandler: (fn: Fn) => void (rec.permissionCheck = fn),
  },
};

export const ipcMain = {
  handle: (channel: string, fn: Fn) => void rec.ipcHandlers.set(channel, fn),
  removeHandler: (channel: string) => void rec.ipcHandlers.delete(channel),
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(plain).reverse(),
  decryptString: (data: Buffer) => Buffer.from(data).reverse().toString(),
};

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };

export const shell = { openExternal: async (url: string) => void rec.opened.push(url) };

export class Notification {
  static isSupported = () => true;
  constructor(private readonly options: { title: string; body: string }) {}
  on() {}
  show() {
    rec.notifications.push(this.options);
  }
}

export class BrowserWindow {
  static getAllWindows = () => rec.windows;
  private readonly w: FakeWindow;

  constructor(options: any) {
    const handlers = new Map<string, Fn[]>();
    this.w = {
      options,
      loaded: [],
      handlers,
      bounds: { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height },
      maximized: false,
      emit: (event, ...args) => (handlers.get(event) ?? []).forEach((fn) => fn(...args)),
    };
    rec.windows.push(this.w);
  }

  on(event: string, fn: Fn) {
    on(this.w.handlers)(event, fn);
  }
  once(event: string, fn: Fn) {
    on(this.w.handlers)(event, fn);
  }
  async loadURL(url: string) {
    this.w.loaded.push(url);
  }
  maximize() {
    this.w.maximized = true;
  }
  isMaximized() {
    return this.w.maximized;
  }
  getNormalBounds() {
    return this.w.bounds;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
}

export const contextBridge = { exposeInMainWorld: (name: string, api: unknown) => void rec.exposed.set(name, api) };

export const ipcRenderer = {
  invoke: async (channel: string, ...args: unknown[]) => {
    rec.invoked.push({ channel, args });
    return `answer of ${channel}`;
  },
};
