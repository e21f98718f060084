// The fields of a site, shared by the new-site dialog and a site's settings.
'use client';
import type { ReactNode } from 'react';
import { useFieldArray, type UseFormRegisterReturn, type UseFormReturn } from 'react-hook-form';
import { useCategories } from '../../api/directory';
import { Button, describedBy, Field, IconButton, Select, TextArea, TextInput } from '../../ui/controls';
import { cx } from '../../ui/format';
import { WEEKDAYS } from '@deskline/contract';
import { originsError, swatchColor, type SiteFormInput } from './siteForm';

const DAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

/** The API takes up to four open ranges a day (a morning and an afternoon, say). */
const MAX_RANGES = 4;

const POSITIONS = [
  ['left', 'Bottom left'],
  ['right', 'Bottom right'],
] as const;

const MODES = [
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['auto', 'Automatic'],
] as const;

/** One choice of a few, as radio buttons that look like a segmented control. */
function SegmentedChoice({
  legend,
  options,
  chosen,
  field,
  hint,
}: {
  legend: string;
  options: readonly (readonly [value: string, label: string])[];
  chosen: string;
  field: UseFormRegisterReturn;
  hint?: { id: string; text: ReactNode };
}) {
  return (
    <fieldset className="space-y-1" aria-describedby={hint?.id}>
      <legend className="text-[13px] font-medium text-slate-800">{legend}</legend>
      <div className="inline-flex rounded-md bg-slate-100 p-0.5">
        {options.map(([value, label]) => (
          <label
            key={value}
            className={cx(
              'flex h-7 cursor-pointer items-center rounded px-3 text-[13px] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500',
              chosen === value ? 'bg-white font-medium text-slate-900 shadow-xs' : 'text-slate-600',
            )}
          >
            <input type="radio" value={value} className="sr-only" {...field} />
            {label}
          </label>
        ))}
      </div>
      {hint && (
        <p id={hint.id} className="text-xs text-slate-500">
          {hint.text}
        </p>
      )}
    </fieldset>
  );
}

export function SiteFields({ form, idPrefix }: { form: UseFormReturn<SiteFormInput, unknown, unknown>; idPrefix: string }) {
  const { errors } = form.formState;
  const color = form.watch('theme.color') ?? '';
  const position = form.watch('theme.position') ?? 'right';
  const mode = form.watch('theme.mode') ?? 'light';
  const id = (name: string) => `${idPrefix}-${name}`;
  const originError = originsError(errors.allowedOrigins, form.watch('allowedOrigins') ?? '');
  const categories = useCategories();
  const chosenCategory = form.watch('defaultCategory') ?? '';
  const hoursOn = form.watch('businessHours.enabled') ?? false;
  const hoursError = errors.businessHours as { timeZone?: { message?: string }; week?: unknown } | undefined;
  const weekError = !!hoursError?.week;
  return (
    <div className="space-y-3.5">
      <Field id={id('name')} label="Name" error={errors.name?.message}>
        <TextInput {...describedBy(id('name'), errors.name?.message)} {...form.register('name')} placeholder="Acme Store" />
      </Field>
      <Field id={id('origins')} label="Allowed origins" error={originError} hint="One per line, e.g. https://www.example.com — or https://*.example.com for its subdomains.">
        <TextArea
          {...describedBy(id('origins'), originError, true)}
          {...form.register('allowedOrigins')}
          rows={3}
          placeholder={'https://www.example.com\nhttps://shop.example.com'}
          className="font-mono text-xs"
          spellCheck={false}
        />
      </Field>
      <div className="grid grid-cols-1 gap-3.5 sm:grid-cols-[150px_minmax(0,1fr)]">
        <Field id={id('color')} label="Colour" error={errors.theme?.color?.message}>
          <div className="flex items-center gap-2">
            <input
              type="color"
              aria-label="Pick a colour"
              value={swatchColor(color)}
              onChange={(e) => form.setValue('theme.color', e.target.value, { shouldDirty: true, shouldValidate: true })}
              className="h-8 w-9 shrink-0 cursor-pointer rounded-md border-0 bg-white p-0.5 ring-1 ring-slate-300 ring-inset"
            />
            <TextInput {...describedBy(id('color'), errors.theme?.color?.message)} {...form.register('theme.color')} className="font-mono" />
          </div>
        </Field>
        <SegmentedChoice legend="Launcher position" options={POSITIONS} chosen={position} field={form.register('theme.position')} />
      </div>
      <SegmentedChoice
        legend="Colours"
        options={MODES}
        chosen={mode}
        field={form.register('theme.mode')}
        hint={{ id: id('mode-hint'), text: <>The widget&apos;s colours; Automatic follows each visitor&apos;s light or dark system setting.</> }}
      />
      <Field id={id('greeting')} label="Greeting" error={errors.theme?.greeting?.message} hint="The first line customers read when they open the widget.">
        <TextInput {...describedBy(id('greeting'), errors.theme?.greeting?.message, true)} {...form.register('theme.greeting')} />
      </Field>
      <Field
        id={id('default-category')}
        label="Default category"
        error={errors.defaultCategory?.message}
        hint="Where a conversation started by typing is filed, until the team moves it."
      >
        <Select {...describedBy(id('default-category'), errors.defaultCategory?.message, true)} {...form.register('defaultCategory')}>
          <option value="">General (the default)</option>
          {/* The saved slug stays selectable while the categories load. */}
          {chosenCategory && !categories?.some((c) => c.slug === chosenCategory) && <option value={chosenCategory}>{chosenCategory}</option>}
          {categories
            ?.filter((c) => c.slug !== 'general')
            .map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
        </Select>
      </Field>
      <label className="flex items-start gap-2 text-[13px] text-slate-800">
        <input type="checkbox" className="mt-0.5 size-4 accent-indigo-600" {...form.register('requireTicketForm')} />
        <span>
          <span className="font-medium">Require the full form</span>
          <span className="block text-xs text-slate-500">
            Customers give a subject and a category before they can write; without it they start by typing.
          </span>
        </span>
      </label>
      <Field
        id={id('reopen-window')}
        label="Reopen window (days)"
        error={errors.reopenWindowDays?.message}
        hint="A customer's reply within this many days of the resolution reopens the ticket; later, it starts a follow-up ticket. 0: always a follow-up."
      >
        <TextInput
          type="number"
          min={0}
          max={365}
          className="w-24"
          {...describedBy(id('reopen-window'), errors.reopenWindowDays?.message, true)}
          {...form.register('reopenWindowDays', { valueAsNumber: true })}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-[13px] font-medium text-slate-800">Business hours</legend>
        <label className="flex items-center gap-2 text-[13px] text-slate-800">
          <input type="checkbox" className="size-4 accent-indigo-600" {...form.register('businessHours.enabled')} />
          Only during business hours (outside them the widget shows the away message)
        </label>
        {hoursOn && (
          <>
            <Field id={id('time-zone')} label="Time zone" error={hoursError?.timeZone?.message} hint="An IANA time zone, e.g. Europe/Paris">
              <TextInput className="w-56" {...describedBy(id('time-zone'), hoursError?.timeZone?.message, true)} {...form.register('businessHours.timeZone')} />
            </Field>
            <div className="grid grid-cols-[6rem_1fr] items-start gap-x-2 gap-y-2 text-[13px]">
              {WEEKDAYS.map((day) => (
                <DayHours key={day} form={form} day={day} />
              ))}
            </div>
            {weekError && <p role="alert" className="text-xs text-red-600">Check the hours: each range closes after it opens (a day without hours is closed).</p>}
          </>
        )}
      </fieldset>
      <Field id={id('away')} label="Away message" optional error={errors.awayMessage?.message} hint="Shown by the widget outside business hours.">
        <TextArea rows={2} maxLength={500} {...describedBy(id('away'), errors.awayMessage?.message, true)} {...form.register('awayMessage')} />
      </Field>
    </div>
  );
}

/** One weekday's open ranges: each removable, more added up to MAX_RANGES; none means closed. */
function DayHours({ form, day }: { form: UseFormReturn<SiteFormInput, unknown, unknown>; day: (typeof WEEKDAYS)[number] }) {
  const ranges = useFieldArray({ control: form.control, name: `businessHours.week.${day}` });
  const name = DAY_NAMES[day];
  return (
    <div role="group" aria-label={name} className="contents">
      <span className="pt-1.5 text-slate-700">{name}</span>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
        {ranges.fields.length === 0 && <span className="text-slate-500">Closed</span>}
        {ranges.fields.map((range, i) => {
          const which = ranges.fields.length > 1 ? `, range ${i + 1}` : '';
          return (
            <span key={range.id} className="inline-flex items-center gap-1">
              <input type="time" aria-label={`${name} opens${which}`} className="h-8 rounded-md px-2 ring-1 ring-slate-300" {...form.register(`businessHours.week.${day}.${i}.open`)} />
              <span aria-hidden="true" className="text-slate-500">
                –
              </span>
              <input type="time" aria-label={`${name} closes${which}`} className="h-8 rounded-md px-2 ring-1 ring-slate-300" {...form.register(`businessHours.week.${day}.${i}.close`)} />
              <IconButton icon="x" size={14} label={ranges.fields.length > 1 ? `Remove ${name}'s range ${i + 1}` : `Remove ${name}'s hours`} onClick={() => ranges.remove(i)} />
            </span>
          );
        })}
        {ranges.fields.length < MAX_RANGES && (
          <Button size="sm" variant="ghost" icon="plus" aria-label={`Add hours on ${name}`} onClick={() => ranges.append(nextRange(form.getValues(`businessHours.week.${day}`)))}>
            Add hours
          </Button>
        )}
      </div>
    </div>
  );
}

/** A new range after the day's last one (an afternoon after a morning), or 9 to 5 on a closed day. */
function nextRange(ranges: { open: string; close: string }[] | undefined): { open: string; close: string } {
  const last = ranges?.at(-1)?.close;
  if (!last || last >= '23:00') return ranges?.length ? { open: '', close: '' } : { open: '09:00', close: '17:00' };
  const [h, m] = last.split(':').map(Number) as [number, number];
  const hour = (n: number) => `${String(Math.min(n, 24)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return { open: hour(h + 1), close: h + 5 >= 24 ? '24:00' : hour(h + 5) };
}
