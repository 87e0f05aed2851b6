import type { ReactNode } from 'react';
import { env } from '../../config/env';

interface PageHeadingProps {
  title: string;
  children?: ReactNode;
}

/**
 * The page's one h1 and its document title. The heading takes focus after a navigation (see the root layout),
 * so screen reader users hear where they are.
 */
export function PageHeading({ title, children }: PageHeadingProps) {
  return (
    <header className="page-heading">
      <title>{`${title} · ${env.appName}`}</title>
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div className="page-heading__lead">{children}</div>}
    </header>
  );
}
