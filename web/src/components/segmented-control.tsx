// A row of mutually exclusive options, built on radio buttons so the keyboard and screen readers know it.
import { useId } from 'react';

interface Props<T extends string> {
  label: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  /** Hide the label visually (it stays readable by assistive technology). */
  hideLabel?: boolean;
}

/** A segmented control. */
export function SegmentedControl<T extends string>({
  label,
  name,
  value,
  options,
  onChange,
  hideLabel,
}: Props<T>) {
  const id = useId();
  return (
    <fieldset className="segmented">
      <legend className={hideLabel ? 'visually-hidden' : 'segmented-legend'}>{label}</legend>
      <div className="segmented-options">
        {options.map((option) => (
          <label key={option.value} className="segmented-option" data-checked={option.value === value}>
            <input
              type="radio"
              name={`${name}-${id}`}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
