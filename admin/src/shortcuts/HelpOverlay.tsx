'use client';
import { Kbd } from '../ui/controls';
import { Dialog } from '../ui/dialog';
import { SHORTCUT_HELP } from './shortcuts';

export function HelpOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" labelledBy="shortcuts-title" size="2xl">
      <div className="grid gap-x-8 gap-y-5 sm:grid-cols-2">
        {SHORTCUT_HELP.map((group) => (
          <section key={group.section} className={group.section === 'Ticket' ? 'sm:col-start-2 sm:row-span-2 sm:row-start-1' : 'sm:col-start-1'}>
            <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{group.section}</h3>
            <dl className="space-y-1.5">
              {group.items.map((item) => (
                <div key={item.label} className="flex items-center justify-between gap-4 text-[13px]">
                  <dt className="text-slate-700">{item.label}</dt>
                  <dd className="flex shrink-0 items-center gap-1">
                    {item.keys.map((key, i) => (
                      <span key={key} className="flex items-center gap-1">
                        {i > 0 && item.keys[0] === 'g' && <span className="text-[11px] text-slate-500">then</span>}
                        <Kbd>{key}</Kbd>
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
