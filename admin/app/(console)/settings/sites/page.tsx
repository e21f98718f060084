'use client';
import { Suspense } from 'react';
import { SitesPage } from '../../../../src/settings/SitesPage';

export default function Page() {
  return (
    <Suspense>
      <SitesPage />
    </Suspense>
  );
}
