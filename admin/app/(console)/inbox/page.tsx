'use client';
import { Suspense } from 'react';
import { InboxPage } from '../../../src/inbox/InboxPage';

export default function Page() {
  return (
    <Suspense>
      <InboxPage />
    </Suspense>
  );
}
