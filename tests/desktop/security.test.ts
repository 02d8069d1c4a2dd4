import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServerUrl, rewriteRequestHeaders, rewriteResponseHeaders } from '../../desktop/main/cors.js';
import { resolveAppFile } from '../../desktop/main/protocol.js';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  isAllowedNavigation,
  isAppUrl,
  isExternalLinkAllowed,
  isPermissionAllowed,
  secureWebPreferences,
} from '../../desktop/main/security.js';

describe('window lock-down', () => {
  it('gives the renderer no Node, an isolated context and a sandbox', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows navigation only within the app', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/c/123?x=1`)).toBe(true);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/', 'app://user:pw@parley/', 'javascript:alert(1)', 'nonsense']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('hands only https and mailto links to the system browser', () => {
    expect(isExternalLinkAllowed('https://example.com/page')).toBe(true);
    expect(isExternalLinkAllowed('mailto:someone@example.com')).toBe(true);
    for (const url of ['http://example.com', 'file:///C:/Windows/system32/calc.exe', 'smb://host/share', 'javascript:alert(1)', 'https://u:p@example.com']) {
      expect(isExternalLinkAllowed(url), url).toBe(false);
    }
  });

  it('grants notifications to the app and nothing to anyone else', () => {
    expect(isPermissionAllowed('notifications', APP_ORIGIN)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'midi', 'openExternal', 'hid', 'serial']) expect(isPermissionAllowed(p, APP_ORIGIN), p).toBe(false);
    expect(isAppUrl(APP_ORIGIN)).toBe(true);
  });
});

describe('content security policy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

  it('allows only own scripts and styles, no plugins, no framing, no base or form tricks', () => {
    const csp = directives(contentSecurityPolicy(null));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(contentSecurityPolicy('https://chat.example.com')).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('lets the app reach the configured server over http(s) and ws(s), and nothing else', () => {
    expect(directives(contentSecurityPolicy('https://chat.example.com:8443/x')).get('connect-src')).toEqual(["'self'", 'https://chat.example.com:8443', 'wss://chat.example.com:8443']);
    expect(directives(contentSecurityPolicy('http://127.0.0.1:8080')).get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:8080', 'ws://127.0.0.1:8080']);
    expect(directives(contentSecurityPolicy('javascript:alert(1)')).get('connect-src')).toEqual(["'self'"]);
  });
});

describe('server requests from app://parley', () => {
  const server = 'https://chat.example.com';

  it('recognizes the configured server for http and websocket URLs only', () => {
    expect(isServerUrl('https://chat.example.com/api/v1/users/me', server)).toBe(true);
    expect(isServerUrl('wss://chat.example.com/sync/abc?token=x', server)).toBe(true);
    expect(isServerUrl('ws://chat.example.com/sync/abc', server)).toBe(false);
    expect(isServerUrl('https://evil.example/api', server)).toBe(false);
    expect(isServerUrl('https://chat.example.com/api', null)).toBe(false);
  });

  it('presents the server its own origin (its websocket allowlist), other sites get the request untouched', () => {
    expect(rewriteRequestHeaders('wss://chat.example.com/sync/x', { origin: 'app://parley', 'User-Agent': 'x' }, server)).toEqual({ 'User-Agent': 'x', Origin: server });
    const other = { Origin: 'app://parley' };
    expect(rewriteRequestHeaders('https://evil.example/', other, server)).toBe(other);
  });

  it("allows the app's origin on the server's answers and turns preflights into 204s", () => {
    const normal = rewriteResponseHeaders('https://chat.example.com/api/v1/users/me', 'GET', { 'Content-Type': ['application/json'], 'access-control-allow-origin': ['*'] }, server)!;
    expect(normal.headers['Access-Control-Allow-Origin']).toBe('app://parley');
    expect(normal.headers['access-control-allow-origin']).toBeUndefined();
    expect(normal.headers['Content-Type']).toEqual(['application/json']);
    expect(normal.statusLine).toBeUndefined();
    expect(rewriteResponseHeaders('https://chat.example.com/api/v1/auth/login', 'OPTIONS', {}, server)?.statusLine).toBe('HTTP/1.1 204 No Content');
    expect(rewriteResponseHeaders('https://evil.example/', 'GET', {}, server)).toBeNull();
  });
});

describe('app:// protocol', () => {
  const root = '/opt/parley/renderer';

  it('maps files inside the renderer folder and client routes to index.html', () => {
    expect(resolveAppFile('app://parley/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://parley/c/123', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://parley/assets/main-abc.js', root)).toBe(join(root, 'assets/main-abc.js'));
  });

  it('never leaves the renderer folder and ignores other hosts and schemes', () => {
    // The URL parser already collapses literal dot segments to the root.
    expect(resolveAppFile('app://parley/../../etc/passwd.js', root)).toBe(join(root, 'etc/passwd.js'));
    expect(resolveAppFile('app://parley/assets/%2e%2e/%2e%2e/etc/passwd.js', root)).toBe(join(root, 'etc/passwd.js'));
    for (const url of ['app://parley/assets/..%2f..%2f..%2fetc/passwd.js', 'app://parley/%2e%2e%2fsecret.js', 'app://parley/x%00.js', 'app://other/main.js', 'https://parley/main.js', 'app://parley/%E0%A4%A.js']) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
});
