'use client';
import { Suspense } from 'react';
import { SitesPage } from '../../../../src/settings/sites/SitesPage';

export default function Page() {
  return (
    <Suspense>
      <SitesPage />
    </Suspense>
  );
}
