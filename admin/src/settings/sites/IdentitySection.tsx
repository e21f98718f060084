// The identity secret host sites sign their users with: reveal, copy, rotate, and how to sign.
'use client';
import { useState } from 'react';
import { api } from '../../api/http';
import type { Site } from '../../api/types';
import { CodeBlock, CopyButton } from '../../ui/CodeBlock';
import { Button } from '../../ui/controls';
import { ConfirmDialog } from '../../ui/dialog';
import { useToasts } from '../../ui/toasts';
import { Section } from './Section';
import { signingSnippet } from './snippets';

export function IdentitySection({ site, onChange }: { site: Site; onChange: (site: Site) => void }) {
  const { notify } = useToasts();
  const [revealed, setRevealed] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    try {
      const updated = await api.call('POST /sites/:id/rotate-secret', { params: { id: site.id } });
      onChange(updated);
      setRevealed(true);
      notify({ tone: 'success', title: 'New identity secret', body: 'Signatures made with the old secret are refused from now on.' });
    } catch (error) {
      notify({ tone: 'error', title: 'The secret was not rotated', body: error instanceof Error ? error.message : undefined });
    } finally {
      setBusy(false);
      setRotating(false);
    }
  };
  return (
    <Section
      title="Identity verification"
      description="Optional. Lets signed-in users of your site reach their own tickets from any device: your server signs their id with this secret."
    >
      <div className="space-y-4">
        <div>
          <p className="mb-1 text-[13px] font-medium text-slate-800" id={`secret-${site.id}`}>
            Identity secret
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-labelledby={`secret-${site.id}`}
              className="flex h-8 min-w-0 flex-1 items-center truncate rounded-md bg-slate-50 px-2.5 font-mono text-xs text-slate-700 ring-1 ring-slate-200 ring-inset"
              data-testid="identity-secret"
            >
              {revealed ? site.identitySecret : '•'.repeat(32)}
            </code>
            <Button size="sm" icon={revealed ? 'eyeOff' : 'eye'} onClick={() => setRevealed((r) => !r)}>
              {revealed ? 'Hide' : 'Reveal'}
            </Button>
            {revealed && <CopyButton text={site.identitySecret} />}
            <Button size="sm" variant="danger" icon="refresh" onClick={() => setRotating(true)}>
              Rotate
            </Button>
          </div>
          <p className="mt-1 text-xs text-slate-500">Keep it on your server, like a password. Never put it in a page.</p>
        </div>
        <CodeBlock code={signingSnippet()} label="Node.js — hex HMAC-SHA256 of externalId" testId="signing-snippet" />
      </div>
      <ConfirmDialog open={rotating} title="Rotate the identity secret?" confirmLabel="Rotate secret" danger busy={busy} onConfirm={rotate} onClose={() => setRotating(false)}>
        A new secret is generated and the current one stops working at once: identity tokens and signatures made with it are refused, and every
        visitor session of this site ends. Visitors start a new session; identified ones once your server signs with the new secret.
      </ConfirmDialog>
    </Section>
  );
}
