// New ticket: subject, description, category, priority, attachments; checked before sending.
import { TEXT } from '@deskline/contract/limits';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import type { Prefill } from '../controller.js';
import { useShell } from '../context.js';
import { validateTicket, type Errors } from '../validation.js';
import { Field, serverFieldErrors } from './Field.js';
import { AttachButton, ChosenFiles, useFileDrop } from './Files.js';

const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;

export function NewTicketForm({ prefill = {} }: { prefill?: Prefill }) {
  const { c, t } = useShell();
  const categories = c.tickets.categories;
  const defaultCategory =
    categories.find((cat) => cat.slug === prefill.category) ?? categories.find((cat) => cat.slug === c.tickets.defaultCategory) ?? categories[0];
  const [subject, setSubject] = useState(prefill.subject ?? '');
  const [description, setDescription] = useState(prefill.description ?? '');
  const [category, setCategory] = useState(defaultCategory?.slug ?? '');
  const [priority, setPriority] = useState<string>(PRIORITIES.includes(prefill.priority!) ? prefill.priority! : 'MEDIUM');
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const dragging = useFileDrop(form, (dropped) => setFiles((current) => [...current, ...dropped]));
  const askContact = c.session.kind === 'anonymous' && !c.session.user?.email;

  const focusFirstError = () =>
    setTimeout(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  async function submit(event: Event) {
    event.preventDefault();
    const found = validateTicket(t, { subject, description, category, email }, files);
    setErrors(found);
    if (Object.keys(found).length) {
      setFormError(t('fixErrors'));
      return focusFirstError();
    }
    setFormError('');
    setBusy(true);
    try {
      await c.createTicket(
        { subject: subject.trim(), description: description.trim(), category, priority, files },
        { name: name.trim() || undefined, email: email.trim() || undefined },
      );
    } catch (error) {
      const fields = error instanceof ApiError ? serverFieldErrors(error.details) : {};
      setErrors(fields);
      setFormError(Object.keys(fields).length ? t('fixErrors') : error instanceof ApiError && error.status === 0 ? t('errNetwork') : (error as Error).message);
      focusFirstError();
    } finally {
      setBusy(false);
    }
  }

  const value = (setter: (v: string) => void) => (event: Event) => setter((event.currentTarget as HTMLInputElement).value);

  return (
    <form class={dragging ? 'dl-m dl-form dl-drop' : 'dl-m dl-form'} ref={form} onSubmit={submit} noValidate>
      {formError && (
        <p class="dl-err" role="alert">
          {formError}
        </p>
      )}
      <Field id="dl-subject" label={t('subject')} error={errors.subject}>
        {(aria) => <input {...aria} value={subject} onInput={value(setSubject)} maxLength={TEXT.subject[1]} autoComplete="off" />}
      </Field>
      <Field id="dl-description" label={t('description')} error={errors.description}>
        {(aria) => <textarea {...aria} rows={5} value={description} onInput={value(setDescription)} maxLength={TEXT.ticketDescription[1]} />}
      </Field>
      <div class="dl-2">
        <Field id="dl-category" label={t('category')} error={errors.category}>
          {(aria) => (
            <select {...aria} value={category} onChange={value(setCategory)}>
              {categories.map((cat) => (
                <option key={cat.slug} value={cat.slug}>
                  {cat.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="dl-priority" label={t('priority')}>
          {(aria) => (
            <select {...aria} value={priority} onChange={value(setPriority)}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority_${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field id="dl-attachment" label={t('attachments')} hint={t('attachHint')} error={errors.attachment}>
        {(aria) => <AttachButton aria={aria} onFiles={(chosen) => setFiles((current) => [...current, ...chosen])} />}
      </Field>
      <ChosenFiles files={files.map((file) => ({ file }))} onRemove={(index) => setFiles((current) => current.filter((_, i) => i !== index))} />
      {askContact && (
        <div class="dl-2">
          <Field id="dl-name" label={t('yourName')}>
            {(aria) => <input {...aria} value={name} onInput={value(setName)} maxLength={TEXT.personName[1]} autoComplete="name" />}
          </Field>
          <Field id="dl-email" label={t('yourEmail')} error={errors.email}>
            {(aria) => <input {...aria} type="email" value={email} onInput={value(setEmail)} autoComplete="email" />}
          </Field>
        </div>
      )}
      <button type="submit" class="dl-btn dl-wide" disabled={busy}>
        {busy ? t('sending') : t('submitTicket')}
      </button>
    </form>
  );
}
