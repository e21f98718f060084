// The name and face customers see on a team member's messages: display name and avatar image.
'use client';
import { useRef, useState, type FormEvent } from 'react';
import type { User } from '../api/types';
import { api, sameOriginUrl } from '../api/http';
import { readSession, saveSession } from '../session/session';
import { Avatar } from '../ui/badges';
import { Button, Field, TextInput } from '../ui/controls';

type Me = User & { avatarUrl?: string | null };

export function ProfileSection({ initial, onSaved }: { initial: Me; onSaved: (message: string) => void }) {
  const [me, setMe] = useState<Me>(initial);
  const [name, setName] = useState(initial.name);
  const [busy, setBusy] = useState<'name' | 'avatar'>();
  const [error, setError] = useState<string>();
  const file = useRef<HTMLInputElement>(null);

  const saved = (user: Me, message: string) => {
    setMe(user);
    const session = readSession();
    if (session) saveSession({ ...session, user });
    onSaved(message);
  };
  const run = async (what: 'name' | 'avatar', action: () => Promise<{ user: Me }>, message: string) => {
    setBusy(what);
    setError(undefined);
    try {
      saved((await action()).user, message);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const saveName = (event: FormEvent) => {
    event.preventDefault();
    void run('name', () => api.call('PATCH /me/profile', { body: { name: name.trim() } }), 'Display name saved');
  };
  const upload = (chosen: File | undefined) => {
    if (!chosen) return;
    const form = new FormData();
    form.append('avatar', chosen);
    void run('avatar', () => api.call('PUT /me/avatar', { body: form } as never), 'Avatar saved');
    if (file.current) file.current.value = '';
  };

  return (
    <section aria-labelledby="profile-heading" className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="profile-heading" className="text-[13px] font-semibold text-slate-900">
        Profile
      </h2>
      <p className="mt-1 mb-3 text-[13px] text-slate-500">Customers see this name and picture on your messages, in the widget and the portal.</p>
      <div className="flex flex-wrap items-center gap-3">
        {me.avatarUrl ? (
          <img src={sameOriginUrl(me.avatarUrl)} alt="Your avatar" width={48} height={48} className="size-12 rounded-full object-cover" data-testid="profile-avatar" />
        ) : (
          <Avatar name={me.name} seed={me.id} size={48} />
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate text-[14px] font-medium text-slate-900">{me.name}</p>
          <p className="truncate text-[13px] text-slate-500">{me.email}</p>
        </div>
        <input
          ref={file}
          id="avatar-file"
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          className="sr-only"
          aria-label="Picture file"
          tabIndex={-1}
          onChange={(e) => upload(e.currentTarget.files?.[0])}
        />
        <Button busy={busy === 'avatar'} onClick={() => file.current?.click()}>
          Upload picture
        </Button>
        {me.avatarUrl && (
          <Button variant="ghost" disabled={!!busy} onClick={() => void run('avatar', () => api.call('DELETE /me/avatar'), 'Avatar removed')}>
            Remove picture
          </Button>
        )}
      </div>
      <p className="mt-2 text-xs text-slate-500">PNG, JPEG, GIF or WebP, at most 512 KB. Without one, your initials are shown.</p>
      <form onSubmit={saveName} className="mt-4 flex flex-wrap items-end gap-2">
        <Field id="display-name" label="Display name" className="min-w-[220px] flex-1">
          <TextInput
            id="display-name"
            value={name}
            maxLength={100}
            required
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Button type="submit" variant="primary" busy={busy === 'name'} disabled={!name.trim() || name.trim() === me.name}>
          Save name
        </Button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-[13px] text-red-600">
          {error}
        </p>
      )}
    </section>
  );
}
