import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { restoreSession } from './lib/restore-session';
import './styles.css';

// Before the first render: the refresh cookie is rotated on use, so it must be sent exactly once.
void restoreSession();

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
