'use client';
import { LabelsPage } from '../../../../src/settings/LabelsPage';

export default function Page() {
  return <LabelsPage />;
}
