'use client';
import { Suspense, type ReactNode } from 'react';
import { ConsoleShell } from '../../src/shell/ConsoleShell';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <Suspense>
      <ConsoleShell>{children}</ConsoleShell>
    </Suspense>
  );
}
