'use client';
import { UsersPage } from '../../../../src/settings/users/UsersPage';

export default function Page() {
  return <UsersPage />;
}
