import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { restoreSession } from './lib/restore-session';
import './styles.css';

// Before the first render: the refresh cookie is rotated on use, so it must be sent exactly once.
void restoreSession();

// The service worker (public/sw.js): the offline page, push notifications. Production builds only: the dev
// server's modules must not meet a worker.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
