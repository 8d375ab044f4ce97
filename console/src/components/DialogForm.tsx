/** What every decision dialog repeats: the reason (or comments) box, and Cancel beside the confirm button. */
interface ReasonFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  rows?: number;
}

/** A labelled text box of at most 500 characters, the service's limit for reasons and comments. */
export function ReasonField({ id, label, value, onChange, required = false, rows = 3 }: ReasonFieldProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        maxLength={500}
        rows={rows}
        required={required}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </>
  );
}

interface DialogActionsProps {
  onCancel: () => void;
  submitLabel: string;
  tone?: 'primary' | 'danger';
  disabled?: boolean;
}

export function DialogActions({
  onCancel,
  submitLabel,
  tone = 'danger',
  disabled = false,
}: DialogActionsProps) {
  return (
    <div className="actions">
      <button type="button" className="button button-secondary" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className={`button button-${tone}`} disabled={disabled}>
        {submitLabel}
      </button>
    </div>
  );
}
