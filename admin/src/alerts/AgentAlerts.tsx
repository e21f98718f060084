// Alerts for the signed-in team member: a new unassigned ticket, a ticket assigned to them, a
// customer's reply on their ticket, each as they chose in their preferences (alerts.*). Shown as
// browser notifications once allowed (asked on a click, never on load), else in the console.
'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationPreferencesJson } from '@deskline/contract';
import { api } from '../api/http';
import type { User } from '../api/types';
import { useRealtimeEvent } from '../realtime/RealtimeProvider';
import { Button } from '../ui/controls';
import { Icon } from '../ui/icons';
import { useToasts } from '../ui/toasts';

type Alerts = NotificationPreferencesJson['alerts'];
type Kind = 'newTicket' | 'assigned' | 'customerReply';
type Permission = NotificationPermission | 'unsupported';

const permissionNow = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
const DISMISSED_KEY = 'deskline.admin.alertsPrompt';

/** A short two-note chime, made by WebAudio: no sound file to download. */
function chime(audio: AudioContext) {
  const start = audio.currentTime;
  [880, 1320].forEach((frequency, i) => {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.25);
    tone.connect(gain).connect(audio.destination);
    tone.start(start + i * 0.12);
    tone.stop(start + i * 0.12 + 0.3);
  });
}

export function AgentAlerts({ user }: { user: User }) {
  const router = useRouter();
  const { notify } = useToasts();
  const prefs = useRef<Alerts | null>(null);
  const audio = useRef<AudioContext | null>(null);
  const [permission, setPermission] = useState<Permission>('unsupported');
  const [dismissed, setDismissed] = useState(true);

  useEffect(() => {
    setPermission(permissionNow());
    setDismissed(sessionStorage.getItem(DISMISSED_KEY) === '1');
    // Preferences change on the account page, maybe in another tab: read them again on focus.
    const load = () =>
      void api.call('GET /me/preferences').then(
        (p) => (prefs.current = p.alerts),
        () => {},
      );
    load();
    window.addEventListener('focus', load);
    // Browsers start audio only after a gesture: the first click or key unlocks it for later alerts.
    const unlock = () => {
      if (!prefs.current?.sound) return;
      audio.current ??= new AudioContext();
      void audio.current.resume().catch(() => {});
    };
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('focus', load);
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  const open = useCallback((ticketId: string) => router.push(`/ticket?id=${encodeURIComponent(ticketId)}`), [router]);

  const alert = useCallback(
    (kind: Kind, ticketId: string, title: string, body: string) => {
      const chosen = prefs.current;
      if (!chosen?.[kind]) return;
      if (chosen.sound) {
        try {
          audio.current ??= new AudioContext();
          chime(audio.current);
        } catch {
          // no audio output: the alert itself still shows
        }
      }
      if (permissionNow() === 'granted') {
        const notification = new Notification(title, { body, tag: `${kind}:${ticketId}` });
        notification.onclick = () => {
          window.focus();
          open(ticketId);
          notification.close();
        };
      } else if (kind !== 'newTicket') {
        // New tickets already get the console's own notice; the others need one when the browser's are off.
        notify({ tone: 'new', title, body, action: { label: 'Open ticket', onClick: () => open(ticketId) } });
      }
    },
    [notify, open],
  );

  useRealtimeEvent('ticket:created', (ticket) => {
    if (!ticket.assignee) alert('newTicket', ticket.id, `New ticket #${ticket.number}`, `${ticket.customer.name}: ${ticket.subject}`);
  });
  useRealtimeEvent('ticket:event', ({ event }) => {
    if (event.field !== 'assignee' || event.to?.id !== user.id || event.actor?.id === user.id) return;
    void api.call('GET /tickets/:id', { params: { id: event.ticketId } }).then(
      (ticket) => alert('assigned', ticket.id, `Assigned to you: #${ticket.number}`, `${event.actor?.name ?? 'Automatic assignment'} gave you “${ticket.subject}”`),
      () => {},
    );
  });
  const customerWrote = (ticketId: string, from: string, text: string) => {
    void api.call('GET /tickets/:id', { params: { id: ticketId } }).then(
      (ticket) => ticket.assignee?.id === user.id && alert('customerReply', ticket.id, `${from} replied on #${ticket.number}`, text.slice(0, 140)),
      () => {},
    );
  };
  useRealtimeEvent('message:new', (message) => {
    if (message.sender.role === 'CUSTOMER') customerWrote(message.ticketId, message.sender.name, message.body);
  });
  useRealtimeEvent('comment:new', (comment) => {
    if (comment.author.role === 'CUSTOMER') customerWrote(comment.ticketId, comment.author.name, comment.body);
  });

  if (permission !== 'default' || dismissed) return null;
  return (
    <div role="region" aria-label="Desktop notifications" className="flex flex-wrap items-center gap-2 border-b border-indigo-100 bg-indigo-50 px-4 py-2 text-[13px] text-indigo-950">
      <Icon name="info" size={14} className="shrink-0 text-indigo-700" />
      <p className="min-w-0 flex-1">Get a desktop notification for new tickets, tickets assigned to you and customer replies, even in another tab.</p>
      <Button
        size="sm"
        onClick={() =>
          void Notification.requestPermission().then((answer) => {
            setPermission(answer);
            if (answer === 'denied') notify({ tone: 'info', title: 'Desktop notifications are blocked', body: 'Alerts will show here in the console instead.' });
          })
        }
      >
        Turn on notifications
      </Button>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => {
          sessionStorage.setItem(DISMISSED_KEY, '1');
          setDismissed(true);
        }}
      >
        Not now
      </Button>
    </div>
  );
}
