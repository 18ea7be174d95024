import { describe, expect, it } from 'vitest';
import { copyValue } from './copy.js';

describe('copyValue', () => {
  it('writes null and undefined as \\N', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    expect(copyValue('a\\b')).toBe('a\\\\b');
    expect(copyValue('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    // JSON text keeps its own escapes intact once COPY unescapes it.
    expect(copyValue(JSON.stringify({ t: 'say "hi"\n' }))).toBe('{"t":"say \\\\"hi\\\\"\\\\n"}');
  });

  it('leaves plain text, numbers and booleans as they are', () => {
    expect(copyValue("It's fine, 100%")).toBe("It's fine, 100%");
    expect(copyValue(0.75)).toBe('0.75');
    expect(copyValue(0)).toBe('0');
    expect(copyValue(true)).toBe('true');
  });
});
