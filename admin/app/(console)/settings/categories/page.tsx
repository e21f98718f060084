'use client';
import { CategoriesPage } from '../../../../src/settings/CategoriesPage';

export default function Page() {
  return <CategoriesPage />;
}
