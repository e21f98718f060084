// The settings pages are for admins: an agent who opens one by URL sees why it is closed to them,
// instead of a page whose every call the server refuses (403).
'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { isAdmin } from '../session/roles';
import { useMe } from '../session/session';
import { EmptyState } from '../ui/feedback';

export function AdminOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  if (isAdmin(me)) return children;
  return (
    <EmptyState
      icon="lock"
      title="Only admins can open settings"
      className="min-h-full"
      action={
        <Link href="/inbox" className="text-[13px] font-medium text-indigo-700 hover:underline">
          Back to the inbox
        </Link>
      }
    >
      Users, sites and categories are managed by your team&apos;s admins. Ask one of them if something here needs changing.
    </EmptyState>
  );
}
