'use client';
import { SavedRepliesPage } from '../../../src/replies/SavedRepliesPage';

export default function Page() {
  return <SavedRepliesPage />;
}
