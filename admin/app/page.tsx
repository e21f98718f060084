'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** /admin opens the inbox. */
export default function Home() {
  const router = useRouter();
  useEffect(() => router.replace('/inbox'), [router]);
  return null;
}
