'use client';
import { UsersPage } from '../../../../src/settings/UsersPage';

export default function Page() {
  return <UsersPage />;
}
