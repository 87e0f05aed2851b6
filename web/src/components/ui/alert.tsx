import type { ReactNode, Ref } from 'react';

interface AlertProps {
  title: string;
  items?: readonly string[];
  /** Errors are announced at once; confirmations and notices (`info`) politely. */
  tone?: 'error' | 'success' | 'info';
  children?: ReactNode;
  ref?: Ref<HTMLDivElement>;
}

/** An error (announced at once), a confirmation or a notice (announced politely). Focusable so forms can move focus to it. */
export function Alert({ title, items = [], tone = 'error', children, ref }: AlertProps) {
  return (
    <div
      ref={ref}
      className={`alert alert--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      tabIndex={-1}
    >
      <p className="alert__title">{title}</p>
      {items.length > 0 && (
        <ul className="alert__items">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}
