import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './api.js';

/**
 * Calls `load` now and then every `everyMs` while `live` (never more often: the next call starts
 * when the previous one has ended). Keeps the last good data while a call fails, so the page
 * does not jump; `refresh()` loads at once (after an action).
 */
export function usePoll(load, deps, { everyMs = 1000, live = true } = {}) {
  const [state, setState] = useState({ data: undefined, error: undefined });
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: undefined });
    } catch (err) {
      if (mine === generation.current) setState((s) => ({ data: s.data, error: errorText(err) }));
    }
  }, deps);
  useEffect(() => {
    let stopped = false;
    let timer;
    const tick = async () => {
      await refresh();
      if (!stopped && live) timer = setTimeout(tick, everyMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh, live, everyMs]);
  return { ...state, refresh };
}

/** Runs an action (a POST or DELETE), then `after()`; keeps its error text for display. */
export function useAction(after) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (fn) => {
    setBusy(true);
    setError('');
    try {
      const result = await fn();
      await after?.();
      return result;
    } catch (err) {
      setError(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy };
}
