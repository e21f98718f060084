// Adding an account: an admin who works in this console, or a customer.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { CreateUserBody } from '@deskline/contract';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, ApiError } from '../../api/http';
import type { AdminUser, RoleValue } from '../../api/types';
import { Button, describedBy, Field, Select, TextInput } from '../../ui/controls';
import { ErrorNotice } from '../../ui/feedback';
import { applyServerErrors } from '../../ui/forms';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';

export function NewUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateUserBody), defaultValues: { name: '', email: '', password: '', role: 'ADMIN' as RoleValue } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      const user = await api.call('POST /users', { body });
      onCreated(user);
      form.reset();
      notify({ tone: 'success', title: `${user.name} added`, body: user.role !== 'CUSTOMER' ? 'Share the password with them privately.' : undefined });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') form.setError('email', { message: 'An account with this email already exists' });
      else setFormError(applyServerErrors(error, ['name', 'email', 'password', 'role'], form.setError));
    }
  });
  return (
    <section aria-labelledby="new-user" className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="new-user" className="flex items-center gap-2 text-[13px] font-semibold text-slate-900">
        <Icon name="userPlus" size={15} className="text-slate-400" /> Add a team member
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3" aria-label="Add a team member">
        <Field id="user-name" label="Name" error={errors.name?.message}>
          <TextInput autoComplete="off" {...describedBy('user-name', errors.name?.message)} {...form.register('name')} />
        </Field>
        <Field id="user-email" label="Email" error={errors.email?.message}>
          <TextInput type="email" autoComplete="off" {...describedBy('user-email', errors.email?.message)} {...form.register('email')} />
        </Field>
        <Field
          id="user-password"
          label="Initial password"
          error={errors.password?.message}
          hint="At least 8 characters, at most 72 bytes. They choose their own at first sign-in."
        >
          <TextInput type="password" autoComplete="new-password" {...describedBy('user-password', errors.password?.message, true)} {...form.register('password')} />
        </Field>
        <Field id="user-role" label="Role" error={errors.role?.message}>
          <Select {...describedBy('user-role', errors.role?.message)} {...form.register('role')} className="w-full">
            <option value="ADMIN">Admin — works tickets and manages settings</option>
            <option value="AGENT">Agent — works tickets in this console</option>
            <option value="CUSTOMER">Customer</option>
          </Select>
        </Field>
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <Button type="submit" variant="primary" icon="plus" busy={isSubmitting} className="w-full">
          Add account
        </Button>
      </form>
    </section>
  );
}
