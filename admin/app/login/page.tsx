'use client';
import { Suspense } from 'react';
import { LoginPage } from '../../src/login/LoginPage';

export default function Page() {
  return (
    <Suspense>
      <LoginPage />
    </Suspense>
  );
}
