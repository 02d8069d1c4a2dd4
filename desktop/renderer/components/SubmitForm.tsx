import type { ReactNode } from 'react';
import type { Submit } from '../hooks/use-submit.js';
import { FormError } from './Field.js';

interface SubmitFormProps {
  form: Submit;
  /** The submit button's text. */
  submit: string;
  /** The button's text while the form is busy; without it the text stays `submit`. */
  busyLabel?: string;
  /** Keeps the submit button off (it is always off while busy), e.g. until a required choice is made. */
  disabled?: boolean;
  /** A danger button instead of a primary one. */
  danger?: boolean;
  /** Shows a Cancel button beside the submit button. */
  onCancel?: () => void;
  /** The buttons fill the form's width (the sign-in cards) instead of keeping their natural width. */
  wide?: boolean;
  /** Rendered between the error and the buttons, e.g. a link that helps with the error. */
  afterError?: ReactNode;
  /** Defaults to `stack`. */
  className?: string;
  children: ReactNode;
}

/** A form whose submit runs one action: its fields, the error of the last attempt, and a submit button that is off while busy. */
export function SubmitForm({ form, submit, busyLabel, disabled, danger, onCancel, wide, afterError, className = 'stack', children }: SubmitFormProps) {
  const buttons = (
    <>
      <button className={danger ? 'danger' : 'primary'} disabled={form.busy || disabled}>
        {form.busy && busyLabel ? busyLabel : submit}
      </button>
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </>
  );
  return (
    <form onSubmit={form.onSubmit} className={className}>
      {children}
      <FormError message={form.error} />
      {afterError}
      {/* In the form's grid a bare button stretches; the wrapper keeps it at its natural width. */}
      {wide ? buttons : <div className={onCancel ? 'row' : undefined}>{buttons}</div>}
    </form>
  );
}
