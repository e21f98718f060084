// Categories and the team: small lists many screens need, fetched once per tab and shared.
'use client';
import { useEffect, useState } from 'react';
import { api } from './http';

type Loader<T> = { value?: T; promise?: Promise<T>; listeners: Set<(value: T) => void> };

function sharedList<T>(load: () => Promise<T>) {
  const state: Loader<T> = { listeners: new Set() };
  const refresh = async () => {
    state.promise = load();
    try {
      const value = await state.promise;
      state.value = value;
      state.listeners.forEach((listener) => listener(value));
      return value;
    } finally {
      state.promise = undefined;
    }
  };
  const use = (): T | undefined => {
    const [value, setValue] = useState<T | undefined>(state.value);
    useEffect(() => {
      state.listeners.add(setValue);
      if (state.value === undefined && !state.promise) void refresh().catch(() => {});
      else if (state.value !== undefined) setValue(state.value);
      return () => {
        state.listeners.delete(setValue);
      };
    }, []);
    return value;
  };
  return { use, refresh };
}

const categories = sharedList(() => api.call('GET /categories'));
// GET /team, not GET /users: agents pick assignees too, and the user list is for admins.
const team = sharedList(() => api.call('GET /team'));

// Labels change rarely; saved replies are the caller's own list (shared ones and their personal ones).
const labels = sharedList(() => api.call('GET /labels'));
const savedReplies = sharedList(() => api.call('GET /saved-replies'));

export const useLabels = labels.use;
export const refreshLabels = labels.refresh;
export const useSavedReplies = savedReplies.use;
export const refreshSavedReplies = savedReplies.refresh;
export const useCategories = categories.use;
export const refreshCategories = categories.refresh;
export const useTeam = team.use;
export const refreshTeam = team.refresh;
