import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { detectPlatform } from './platform/index.js';
import { Session } from './session/session.js';
import './styles/base.css';
import './styles/auth.css';
import './styles/shell.css';
import './styles/chat.css';
import './styles/pages.css';

const platform = detectPlatform();
const session = new Session(platform);

// The web client keeps its own files for offline starts; Electron serves them from disk already.
if (platform.kind === 'browser' && 'serviceWorker' in navigator && isSecureContext) {
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.error('service worker', err));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} platform={platform} />
  </StrictMode>,
);
void session.start();
