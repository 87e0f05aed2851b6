import { Outlet } from 'react-router';
import { env } from '../../config/env';

/** Login and register: one centred card, nothing else to get lost in. */
export function AuthLayout() {
  return (
    <div className="app-shell app-shell--auth">
      <header className="auth-header">
        <p className="brand">{env.appName}</p>
      </header>
      <main id="main" className="app-main auth-main">
        <div className="card auth-card">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
