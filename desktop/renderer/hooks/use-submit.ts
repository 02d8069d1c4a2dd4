import { useCallback, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.js';
import { toast } from '../lib/toast.js';

/** Where a failed attempt is shown: under its form (`error`), or as an error toast. */
export type ErrorDisplay = 'inline' | 'toast';

export interface Attempt {
  /** True while an action runs. */
  busy: boolean;
  /** The message of the last failed attempt (inline display; cleared when the next one starts). */
  error: string | null;
  /** Runs `action`; what it throws is shown (after `failed`, when given), not rethrown. Resolves true when it succeeded. */
  run(action: () => Promise<unknown>, failed?: string): Promise<boolean>;
  setError(message: string | null): void;
}

/** The busy / error state of actions a screen runs against the server (buttons, forms). */
export function useAttempt(display: ErrorDisplay = 'inline'): Attempt {
  const [running, setRunning] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, failed?: string) => {
      setRunning((n) => n + 1);
      setError(null);
      try {
        await action();
        return true;
      } catch (err) {
        const message = failed ? `${failed}: ${errorMessage(err)}` : errorMessage(err);
        if (display === 'toast') toast(message, 'error');
        else setError(message);
        return false;
      } finally {
        setRunning((n) => n - 1);
      }
    },
    [display],
  );
  return { busy: running > 0, error, run, setError };
}

export interface Submit extends Attempt {
  /** A form's onSubmit: runs the action, one at a time (a double submit is ignored). */
  onSubmit(e?: FormEvent): void;
}

/** The busy / error state of one form whose submit runs `action`. */
export function useSubmit(action: () => Promise<unknown>, display?: ErrorDisplay): Submit {
  const attempt = useAttempt(display);
  const running = useRef(false);
  const onSubmit = (e?: FormEvent) => {
    e?.preventDefault();
    if (running.current) return;
    running.current = true;
    void attempt.run(action).finally(() => {
      running.current = false;
    });
  };
  return { ...attempt, onSubmit };
}
