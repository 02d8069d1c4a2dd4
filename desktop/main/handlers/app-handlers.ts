/** Facts about the running desktop app. */
export interface AppInfo {
  version: string;
  platform: string;
  /** True when refresh tokens can be kept encrypted across restarts. */
  secureStorage: boolean;
}

/** IPC: what the renderer may know about the app itself. */
export function appHandlers(info: () => AppInfo) {
  return {
    /** Version, platform and whether secrets survive restarts. */
    info: async (): Promise<AppInfo> => info(),
  };
}
