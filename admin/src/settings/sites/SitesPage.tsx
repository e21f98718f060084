// Sites that embed the widget: the list, and the site picked from it (SiteDetail). Each site has
// its key and snippet, allowed origins, theme with a live preview, and an identity secret.
'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { api } from '../../api/http';
import { prependItem, replaceItem } from '../../api/pageEdits';
import type { Site } from '../../api/types';
import { useApi } from '../../api/useApi';
import { usePageTitle } from '../../realtime/RealtimeProvider';
import { Button } from '../../ui/controls';
import { EmptyState, ErrorNotice, Loading } from '../../ui/feedback';
import { cx } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { NewSiteDialog } from './NewSiteDialog';
import { SiteDetail } from './SiteDetail';
import { originSummary } from './siteForm';

export function SitesPage() {
  usePageTitle('Sites & widget');
  const router = useRouter();
  const params = useSearchParams();
  const sites = useApi('sites', () => api.call('GET /sites', { query: { limit: 100 } }));
  const [creating, setCreating] = useState(false);
  const list = sites.data?.items;
  const selectedId = params.get('site') ?? list?.[0]?.id;
  const selected = list?.find((s) => s.id === selectedId);
  const select = (id: string | undefined) => router.replace(id ? `/settings/sites?site=${encodeURIComponent(id)}` : '/settings/sites', { scroll: false });
  const replaceSite = (site: Site) => sites.setData(replaceItem(site));

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader
        title="Sites & widget"
        description="Each website that embeds the widget has its own key, allowed origins and look."
        actions={
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            New site
          </Button>
        }
      />
      {sites.error && !list ? (
        <div className="p-6">
          <ErrorNotice onRetry={() => void sites.reload()}>The sites could not be loaded: {sites.error.message}</ErrorNotice>
        </div>
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState
          icon="globe"
          title="No sites yet"
          action={
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              Add your first site
            </Button>
          }
        >
          Add the website where customers should find help. You get a one-line snippet to paste into it.
        </EmptyState>
      ) : (
        <div className="mx-auto grid max-w-[1200px] grid-cols-1 gap-5 p-4 sm:p-6 lg:grid-cols-[240px_minmax(0,1fr)]">
          <nav aria-label="Sites">
            <ul className="flex gap-2 overflow-x-auto pb-1 lg:flex-col lg:gap-1 lg:overflow-visible lg:pb-0">
              {list.map((site) => (
                <li key={site.id} className="shrink-0">
                  <button
                    type="button"
                    onClick={() => select(site.id)}
                    aria-current={site.id === selected?.id ? 'true' : undefined}
                    className={cx(
                      'flex w-full items-center gap-2.5 rounded-md px-2.5 py-2 text-left ring-1 transition-colors lg:ring-0',
                      site.id === selected?.id ? 'bg-white shadow-xs ring-indigo-200 lg:ring-1 lg:ring-slate-200' : 'ring-slate-200 hover:bg-slate-100',
                    )}
                  >
                    <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: site.theme.color }} aria-hidden="true" />
                    <span className="min-w-0">
                      <span className="block truncate text-[13px] font-medium text-slate-900">{site.name}</span>
                      <span className="block truncate text-xs text-slate-500">
                        {originSummary(site.allowedOrigins)}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {selected ? (
            <SiteDetail key={selected.id} site={selected} onChange={replaceSite} onDeleted={() => void sites.reload().then(() => select(undefined))} />
          ) : (
            <EmptyState icon="globe" title="This site no longer exists" />
          )}
        </div>
      )}
      {creating && (
        <NewSiteDialog
          onClose={() => setCreating(false)}
          onCreated={(site) => {
            setCreating(false);
            sites.setData(prependItem(site));
            select(site.id);
          }}
        />
      )}
    </div>
  );
}
