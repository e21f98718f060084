'use client';
import { AccountPage } from '../../../src/account/AccountPage';

export default function Page() {
  return <AccountPage />;
}
