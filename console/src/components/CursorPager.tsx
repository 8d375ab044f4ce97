/**
 * Newer / Older buttons over a cursor-paged list (audit, notifications): the cursors walked so far
 * are a stack, so Newer goes back one page and Older follows the page's `nextCursor`.
 */
interface Props {
  cursors: string[];
  onChange: (cursors: string[]) => void;
  nextCursor: string | null | undefined;
}

export function CursorPager({ cursors, onChange, nextCursor }: Props) {
  return (
    <div className="actions">
      {cursors.length > 0 && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onChange(cursors.slice(0, -1))}
        >
          Newer
        </button>
      )}
      {nextCursor && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onChange([...cursors, nextCursor])}
        >
          Older
        </button>
      )}
    </div>
  );
}
