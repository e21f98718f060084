'use client';
import { AssignmentPage } from '../../../../src/settings/AssignmentPage';

export default function Page() {
  return <AssignmentPage />;
}
