'use client';
import { OverviewPage } from '../../../src/overview/OverviewPage';

export default function Page() {
  return <OverviewPage />;
}
