// "Send a test email": queued to the admin's own address like any email; the outbox then shows
// how its delivery went, followed here until it leaves the queue.
'use client';
import { useState } from 'react';
import type { OutboxEmailJson } from '@deskline/contract';
import { api } from '../../api/http';
import { Button } from '../../ui/controls';
import { useToasts } from '../../ui/toasts';

const WAITING = new Set(['QUEUED', 'SENDING']);

export function TestEmailButton({ onQueued, onSettled }: { onQueued: (email: OutboxEmailJson) => void; onSettled: () => void }) {
  const { notify } = useToasts();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      const email = await api.call('POST /email/test');
      onQueued(email);
      notify({
        tone: 'success',
        title: 'Test email queued',
        body: email.status === 'NOT_SENT' ? `Stored for ${email.to}: SMTP_URL is not set, so it is not sent.` : `To ${email.to}. Its delivery shows in the outbox.`,
      });
      // Follow it for a while: the outbox row turns Sent or Failed without a manual refresh.
      for (let i = 0; i < 20 && WAITING.has(email.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const page = await api.call('GET /email/outbox', { query: { limit: 25 } });
        const now = page.items.find((e) => e.id === email.id);
        if (!now || !WAITING.has(now.status)) break;
      }
      onSettled();
    } catch (error) {
      notify({ tone: 'error', title: 'The test email was not queued', body: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon="send" busy={busy} onClick={() => void send()} data-testid="send-test-email">
      Send a test email
    </Button>
  );
}
