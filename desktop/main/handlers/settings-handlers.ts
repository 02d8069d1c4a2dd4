import type { ServerProbe } from '../server-probe.js';
import type { SettingsStore } from '../settings.js';
import { ServerUrl } from '../settings.js';

/** IPC: the server this desktop app talks to. */
export function settingsHandlers(store: SettingsStore, probe: ServerProbe) {
  return {
    /** The saved server URL, or null before the first setup. */
    getServerUrl: async (): Promise<string | null> => store.read().serverUrl,
    /** Checks and saves a server URL (normalized); throws on anything but a reachable Parley server. */
    setServerUrl: async (url: string): Promise<string> => {
      const parsed = ServerUrl.parse(url);
      await probe(parsed);
      await store.update((s) => {
        s.serverUrl = parsed;
      });
      return parsed;
    },
  };
}
