'use client';
import type { ReactNode } from 'react';
import { AdminOnly } from '../../../src/settings/AdminOnly';

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return <AdminOnly>{children}</AdminOnly>;
}
