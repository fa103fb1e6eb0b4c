'use client';
// Client pieces for server-action forms: submit state and per-field errors.
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/http/forms';
import { inputClass, buttonClass } from '@/lib/ui/components';

export function SubmitButton({ children, className }: { children: React.ReactNode; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={className ?? buttonClass}>
      {pending ? 'Working…' : children}
    </button>
  );
}

export function Field(props: {
  name: string;
  label: string;
  state: FormState;
  defaultValue?: string;
  type?: string;
  multiline?: boolean;
  required?: boolean;
  hint?: string;
  onChange?: (value: string) => void;
  error?: string;
}) {
  const error = props.error ?? props.state.fields?.[props.name];
  const id = `field-${props.name}`;
  const value = props.state.values?.[props.name] ?? props.defaultValue ?? '';
  const common = {
    id,
    name: props.name,
    defaultValue: value,
    required: props.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : props.hint ? `${id}-hint` : undefined,
    className: inputClass,
    onChange: props.onChange ? (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange!(e.target.value) : undefined,
  };
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{props.label}</label>
      {props.multiline ? <textarea rows={3} {...common} /> : <input type={props.type ?? 'text'} {...common} />}
      {props.hint && !error && <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{props.hint}</p>}
      {error && <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}

export function FormMessage({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <div role={state.ok ? 'status' : 'alert'} className={`mb-4 rounded-lg border px-4 py-3 text-sm ${state.ok ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-red-200 bg-red-50 text-red-800'}`}>
      {state.message}
    </div>
  );
}
