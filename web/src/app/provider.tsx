import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { createQueryClient } from '../lib/react-query';
import { session } from '../lib/session';

/** App-wide state. When the session ends (logout or a refused refresh) every cached answer is dropped. */
export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  useEffect(
    () =>
      session.subscribe(() => {
        if (session.getSnapshot().status === 'anonymous') queryClient.clear();
      }),
    [queryClient],
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
