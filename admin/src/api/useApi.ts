// A small data hook: load on mount and when the key changes, reload on demand, patch locally.
'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyUpdate, HeardDuringLoad, type Update } from './heardDuringLoad';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (update: Update<T>) => void;
}

/**
 * `key` names what is loaded: when it changes, the data of the previous key is no longer returned
 * (a ticket never shows another ticket's comments), unless `keepPrevious` (a list being refiltered
 * keeps its rows until the new ones arrive, instead of flashing empty).
 */
export function useApi<T>(key: string | null, load: () => Promise<T>, options: { keepPrevious?: boolean } = {}): ApiState<T> {
  const [state, setState] = useState<{ key: string | null; data: T | undefined }>({ key: null, data: undefined });
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(key !== null);
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const generation = useRef(0);
  // A change set while loading (a socket event, usually) survives the load's older result.
  const heard = useRef(new HeardDuringLoad<T>());

  const reload = useCallback(async () => {
    if (key === null) return;
    const mine = ++generation.current;
    heard.current.begin();
    setLoading(true);
    try {
      const result = await latestLoad.current();
      if (mine !== generation.current) return; // a newer request won
      setState({ key, data: heard.current.settle(result) });
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) {
        heard.current.end();
        setError(e as Error);
      }
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    setError(undefined);
    void reload();
  }, [reload]);

  const setData = useCallback((update: Update<T>) => {
    heard.current.heard(update);
    setState((current) => ({ key: current.key, data: applyUpdate(update, current.data) }));
  }, []);

  const data = state.key === key || options.keepPrevious ? state.data : undefined;
  return { data, error, loading, reload, setData };
}
