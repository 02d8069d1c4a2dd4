import { HealthResponse } from '../../../shared/api/health.js';
import { errorMessage, requestJson } from '../api/http.js';
import { apiUrl } from '../../../shared/server-url.js';
import type { NativeNotice, Platform, SavedSession } from './contract.js';

/**
 * The web client: settings and the session in localStorage (the page's origin is the server,
 * so nothing here is readable by another site), notifications through the Notification API.
 */

const SERVER_KEY = 'parley.serverUrl';
const SESSION_KEY = 'parley.session.v1';

function readJson<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

function isSavedSession(value: unknown): value is SavedSession {
  const v = value as Partial<SavedSession> | null;
  return !!v && typeof v.serverUrl === 'string' && typeof v.userId === 'string' && typeof v.username === 'string';
}

/** The Platform of a plain browser tab. */
export function browserPlatform(): Platform {
  return {
    kind: 'browser',
    defaultServerUrl: () => (location.protocol === 'http:' || location.protocol === 'https:' ? location.origin : null),
    loadServerUrl: async () => localStorage.getItem(SERVER_KEY),
    connectServer: async (url) => {
      try {
        await requestJson({ url: apiUrl(url, '/health'), method: 'GET', schema: HealthResponse });
      } catch (err) {
        throw new Error(`That server does not answer like a Parley server: ${errorMessage(err)}`);
      }
      localStorage.setItem(SERVER_KEY, url);
    },
    saveServerUrl: async (url) => localStorage.setItem(SERVER_KEY, url),
    loadSession: async () => {
      const saved = readJson<unknown>(SESSION_KEY);
      return isSavedSession(saved) ? saved : null;
    },
    saveSession: async (session) => localStorage.setItem(SESSION_KEY, JSON.stringify(session)),
    clearSession: async (userId) => {
      const saved = readJson<SavedSession>(SESSION_KEY);
      if (!saved || saved.userId === userId) localStorage.removeItem(SESSION_KEY);
    },
    notify: (notice: NativeNotice) => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
      const n = new Notification(notice.title, { body: notice.body });
      n.onclick = () => {
        window.focus();
        if (notice.path) history.pushState(null, '', notice.path);
        dispatchEvent(new PopStateEvent('popstate'));
      };
    },
  };
}
