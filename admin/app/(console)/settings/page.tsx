'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** /admin/settings opens the first settings page. */
export default function Settings() {
  const router = useRouter();
  useEffect(() => router.replace('/settings/sites'), [router]);
  return null;
}
