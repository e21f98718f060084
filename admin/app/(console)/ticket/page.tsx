'use client';
import { Suspense } from 'react';
import { TicketPage } from '../../../src/ticket/TicketPage';

export default function Page() {
  return (
    <Suspense>
      <TicketPage />
    </Suspense>
  );
}
