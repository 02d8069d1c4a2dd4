import type { DesktopApi } from '../../main/api-contract.js';
import { browserPlatform } from './browser.js';
import type { Platform } from './contract.js';
import { electronPlatform } from './electron.js';

export type { NativeNotice, Platform, SavedSession } from './contract.js';

/** The Platform for where this page runs: the preload's bridge when present, else the browser. */
export function detectPlatform(): Platform {
  const bridge = (globalThis as { parley?: DesktopApi }).parley;
  return bridge ? electronPlatform(bridge) : browserPlatform();
}
