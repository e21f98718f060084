'use client';
import { EmailPage } from '../../../../src/settings/email/EmailPage';

export default function Page() {
  return <EmailPage />;
}
