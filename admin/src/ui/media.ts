'use client';
import { useSyncExternalStore } from 'react';

/** True from the md breakpoint (768px) up: tables there, stacked cards on phones. */
export function useIsDesktop(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia('(min-width: 768px)');
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => window.matchMedia('(min-width: 768px)').matches,
    () => true,
  );
}
