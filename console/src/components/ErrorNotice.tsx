/** A refusal or failure as the service stated it: the spec's error code and message. */
import { ApiError } from '../api/client';

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.errorCode : 'ERROR';
  const message =
    error instanceof ApiError ? error.errorMessage : error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong className="notice-title">{title}</strong>}
      <code className="error-code">{code}</code> <span className="error-message">{message}</span>
    </div>
  );
}
