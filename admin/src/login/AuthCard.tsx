// The frame of the signed-out pages (sign in, reset a password): the brand over one titled card.
import type { ReactNode } from 'react';
import { Brand } from '../shell/Sidebar';

export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-50 px-4 py-10">
      <div className="w-full max-w-[380px]">
        <div className="mb-6 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-7">
          <h1 className="text-base font-semibold text-slate-900">{title}</h1>
          {children}
        </div>
        {footer}
      </div>
    </main>
  );
}
