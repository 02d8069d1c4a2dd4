import type { ReactNode } from 'react';
import { FormError } from '../../components/Field.js';
import type { Submit } from '../../hooks/use-submit.js';

/**
 * A settings form: its fields, the error of the last attempt, and one submit button (off while
 * busy), with a Cancel button beside it when `onCancel` is given.
 */
export function SubmitForm({ form, submit, danger, onCancel, children }: { form: Submit; submit: string; danger?: boolean; onCancel?: () => void; children: ReactNode }) {
  return (
    <form onSubmit={form.onSubmit} className="stack">
      {children}
      <FormError message={form.error} />
      <div className={onCancel ? 'row' : undefined}>
        <button className={danger ? 'danger' : 'primary'} disabled={form.busy}>
          {submit}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
