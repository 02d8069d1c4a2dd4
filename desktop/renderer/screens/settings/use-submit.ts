import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/http.js';

export interface Submit {
  busy: boolean;
  error: string | null;
  /** A form's onSubmit: runs the action once at a time; a thrown error shows as `error`. */
  onSubmit(e: FormEvent): void;
  setError(message: string | null): void;
}

/** The busy / error state of one settings form. */
export function useSubmit(action: () => Promise<void>): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    action()
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return { busy, error, onSubmit, setError };
}
