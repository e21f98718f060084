import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 bg-slate-50 p-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="text-lg font-semibold text-slate-900">This page is not part of the console</h1>
      <p className="max-w-sm text-[13px] text-slate-500">The link may be mistyped or out of date.</p>
      <Link href="/inbox" className="mt-2 rounded-md bg-indigo-600 px-3 py-1.5 text-[13px] font-medium text-white hover:bg-indigo-500">
        Go to the inbox
      </Link>
    </main>
  );
}
