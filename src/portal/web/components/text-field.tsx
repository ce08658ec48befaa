// A labelled input (text, e-mail, password…) with an optional hint under it; the label names the input by its id.
import type { ComponentChildren, InputHTMLAttributes } from 'preact';

/** Omit over each member of a union: preact types an input's attributes as one member per input type. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type TextFieldProps = OmitEach<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onInput'> & {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly hint?: ComponentChildren;
};

export function TextField({ id, label, value, onValue, hint, ...input }: TextFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input {...input} id={id} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
      {hint !== undefined && <span class="hint">{hint}</span>}
    </div>
  );
}
