import type { SecretBox } from '../secrets.js';
import type { ServerProbe } from '../server-probe.js';
import type { SettingsStore } from '../settings.js';
import { accountsHandlers } from './accounts-handlers.js';
import { appHandlers } from './app-handlers.js';
import { notificationsHandlers, type Notifier } from './notifications-handlers.js';
import { settingsHandlers } from './settings-handlers.js';

export interface HandlerDeps {
  settings: SettingsStore;
  secrets: SecretBox;
  notify: Notifier;
  /** Checks a server before it is saved. */
  probeServer: ServerProbe;
  version: string;
  platform: string;
}

/** Every main-process feature's handler object, by namespace: the whole IPC surface. */
export function createHandlers(deps: HandlerDeps) {
  return {
    settings: settingsHandlers(deps.settings, deps.probeServer),
    accounts: accountsHandlers(deps.settings, deps.secrets),
    notifications: notificationsHandlers(deps.notify),
    app: appHandlers(() => ({ version: deps.version, platform: deps.platform, secureStorage: deps.secrets.available })),
  };
}

export type Handlers = ReturnType<typeof createHandlers>;
