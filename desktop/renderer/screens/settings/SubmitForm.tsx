import type { ReactNode } from 'react';
import { FormError } from '../../components/Field.js';
import type { Submit } from '../../hooks/use-submit.js';

/** A settings form: its fields, the error of the last attempt, and one submit button (off while busy). */
export function SubmitForm({ form, submit, danger, children }: { form: Submit; submit: string; danger?: boolean; children: ReactNode }) {
  return (
    <form onSubmit={form.onSubmit} className="stack">
      {children}
      <FormError message={form.error} />
      <div>
        <button className={danger ? 'danger' : 'primary'} disabled={form.busy}>
          {submit}
        </button>
      </div>
    </form>
  );
}
