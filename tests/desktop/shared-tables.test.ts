import { describe, expect, it } from 'vitest';
import { IMAGE_TYPES, staticContentType } from '../../shared/mime.js';
import { isServerPath } from '../../shared/server-paths.js';
import { PICTURE_ACCEPT } from '../../desktop/renderer/lib/files.js';

/** The tables the server, Electron's main process, the renderer and its service worker share. */

describe('staticContentType', () => {
  it('names the type of the built app’s files by extension, in any case, on any platform', () => {
    expect(staticContentType('/srv/dist/renderer/index.html')).toBe('text/html; charset=utf-8');
    expect(staticContentType('assets/main-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(staticContentType('C:\\Parley\\renderer\\favicon.svg')).toBe('image/svg+xml');
    expect(staticContentType('x/app.webmanifest')).toBe('application/manifest+json');
  });

  it('answers octet-stream for anything else, not the extension of a folder or a dotfile', () => {
    expect(staticContentType('x/unknown.bin')).toBe('application/octet-stream');
    expect(staticContentType('/opt/app.v1.css/README')).toBe('application/octet-stream');
    expect(staticContentType('C:\\app.js\\LICENSE')).toBe('application/octet-stream');
    expect(staticContentType('x/.html')).toBe('application/octet-stream');
  });
});

describe('isServerPath', () => {
  it('claims the server’s own paths and nothing that merely starts like them', () => {
    for (const path of ['/api', '/api/v1/health', '/docs', '/docs/', '/sync/room', '/metrics', '/verify-email', '/reset-password', '/link-pages/x.css', '/api.json']) {
      expect(isServerPath(path), path).toBe(true);
    }
    for (const path of ['/', '/c/123', '/apis', '/documents', '/syncing', '/assets/api.js', '/friends']) {
      expect(isServerPath(path), path).toBe(false);
    }
  });
});

describe('IMAGE_TYPES', () => {
  // PICTURE_ACCEPT is built from IMAGE_TYPES, so only spelled-out lists can catch a change to either.
  it('are the four formats the server turns into pictures and thumbnails, and what the picture picker offers', () => {
    expect([...IMAGE_TYPES]).toEqual(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
    expect(PICTURE_ACCEPT).toBe('image/png,image/jpeg,image/webp,image/gif');
  });
});
