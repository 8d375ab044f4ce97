/** Text helpers for values written to records and to Boomi, whose fields have length limits. */
import { isLongerThan } from './fields.ts';

/** At most `max` characters (code points); a cut text ends with "…" so readers see it was cut. */
export function truncate(text: string, max: number): string {
  if (!isLongerThan(text, max)) return text;
  // Slicing first keeps this cheap for huge texts: 2·max UTF-16 units hold at least max code points.
  return (
    Array.from(text.slice(0, 2 * max))
      .slice(0, Math.max(0, max - 1))
      .join('') + '…'
  );
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** One line: control characters (newlines, tabs, NUL…) become spaces, runs of spaces collapse. */
export function singleLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ').trim();
}
