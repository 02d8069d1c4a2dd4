import type { DesktopApi } from '../../main/api-contract.js';
import type { Platform } from './contract.js';

/**
 * The Electron app: settings and accounts in main's lowdb file, the refresh token sealed by the
 * OS keychain; the access token lives in memory only. Notifications are native ones from main.
 */
export function electronPlatform(bridge: DesktopApi): Platform {
  return {
    kind: 'electron',
    defaultServerUrl: () => null,
    loadServerUrl: () => bridge.settings.getServerUrl(),
    connectServer: async (url) => {
      // Main checks the server (this page may only reach the configured one), then the page
      // reloads so its CSP admits the new server.
      await bridge.settings.setServerUrl(url);
      location.assign('/login');
    },
    saveServerUrl: async (url) => {
      if ((await bridge.settings.getServerUrl()) !== url) await bridge.settings.setServerUrl(url);
    },
    loadSession: async () => {
      const active = await bridge.accounts.active();
      return active ? { serverUrl: active.serverUrl, userId: active.id, username: active.username, refreshToken: active.refreshToken } : null;
    },
    saveSession: async (session) => {
      if (!session.refreshToken) return;
      await bridge.accounts.save({ id: session.userId, username: session.username, serverUrl: session.serverUrl, refreshToken: session.refreshToken });
    },
    clearSession: (userId) => bridge.accounts.remove(userId),
    notify: (notice) => {
      if (document.hasFocus()) return;
      void bridge.notifications.show(notice);
    },
  };
}
