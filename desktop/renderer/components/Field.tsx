import type { InputHTMLAttributes } from 'react';

/** A labelled input. */
export function Field({ label, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input {...input} />
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

/** An error line for a form (announced to screen readers). */
export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}
