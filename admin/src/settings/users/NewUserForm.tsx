// Adding an account: an admin who works in this console, or a customer.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { CreateUserBody } from '@deskline/contract';
import { useForm } from 'react-hook-form';
import { api, ApiError } from '../../api/http';
import type { AdminUser, RoleValue } from '../../api/types';
import { describedBy, Field, Select, TextInput } from '../../ui/controls';
import { useFormSubmit } from '../../ui/forms';
import { NewItemForm } from '../../ui/NewItemForm';
import { PasswordField } from '../../ui/PasswordField';
import { useToasts } from '../../ui/toasts';

export function NewUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateUserBody), defaultValues: { name: '', email: '', password: '', role: 'ADMIN' as RoleValue } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['name', 'email', 'password', 'role'], async (body) => {
    try {
      const user = await api.call('POST /users', { body });
      onCreated(user);
      form.reset();
      notify({ tone: 'success', title: `${user.name} added`, body: user.role !== 'CUSTOMER' ? 'Share the password with them privately.' : undefined });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'EMAIL_TAKEN')) throw error;
      form.setError('email', { message: 'An account with this email already exists' });
    }
  });
  return (
    <NewItemForm id="new-user" title="Add a team member" icon="userPlus" formLabel="Add a team member" submitLabel="Add account" onSubmit={submit} busy={isSubmitting} error={formError}>
      <Field id="user-name" label="Name" error={errors.name?.message}>
        <TextInput autoComplete="off" {...describedBy('user-name', errors.name?.message)} {...form.register('name')} />
      </Field>
      <Field id="user-email" label="Email" error={errors.email?.message}>
        <TextInput type="email" autoComplete="off" {...describedBy('user-email', errors.email?.message)} {...form.register('email')} />
      </Field>
      <PasswordField id="user-password" label="Initial password" error={errors.password?.message} hint="At least 8 characters, at most 72 bytes. They choose their own at first sign-in." autoComplete="new-password" {...form.register('password')} />
      <Field id="user-role" label="Role" error={errors.role?.message}>
        <Select {...describedBy('user-role', errors.role?.message)} {...form.register('role')} className="w-full">
          <option value="ADMIN">Admin — works tickets and manages settings</option>
          <option value="AGENT">Agent — works tickets in this console</option>
          <option value="CUSTOMER">Customer</option>
        </Select>
      </Field>
    </NewItemForm>
  );
}
