/**
 * A button that a rule may forbid: then it is disabled and the rule's code and message are shown
 * next to it (and linked to it for screen readers).
 */
import { useId, type ReactNode } from 'react';
import type { Verdict } from '../rules';

interface Props {
  verdict: Verdict;
  onClick: () => void;
  children: ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
}

export function GuardedButton({ verdict, onClick, children, variant = 'primary' }: Props) {
  const reasonId = useId();
  return (
    <div className="guarded">
      <button
        type="button"
        className={`button button-${variant}`}
        disabled={!verdict.allowed}
        aria-describedby={verdict.allowed ? undefined : reasonId}
        onClick={onClick}
      >
        {children}
      </button>
      {!verdict.allowed && (
        <p id={reasonId} className="disabled-reason">
          <code className="error-code">{verdict.errorCode}</code> {verdict.errorMessage}
        </p>
      )}
    </div>
  );
}
