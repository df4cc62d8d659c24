/**
 * Helpers for the checks that confirm a trigger word where it starts (`triggerGroup`'s verify).
 * A check must hold wherever its regex can match at that position, so gates stay necessary
 * conditions (`test/detect/gates.test.ts` checks that on samples and random texts).
 */

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A regex tested at one position only (a sticky copy of `source`). */
export function stickyTest(source: string, flags: string): (text: string, i: number) => boolean {
  const re = new RegExp(source, `${flags}y`);
  return (text, i) => {
    re.lastIndex = i;
    return re.test(text);
  };
}

/**
 * True when the maximal run of `inWord` characters starting at `i` is one of `list`
 * (case-sensitive). The first character is checked first, so most word starts cost one lookup.
 */
export function wholeWordIn(
  list: readonly string[],
  inWord: (c: number) => boolean,
): (text: string, i: number) => boolean {
  const words = new Set(list);
  const first = new Set(list.map((w) => w.charCodeAt(0)));
  const longest = Math.max(...list.map((w) => w.length));
  return (text, i) => {
    if (!first.has(text.charCodeAt(i))) return false;
    const limit = Math.min(text.length, i + longest + 1);
    let j = i + 1;
    while (j < limit && inWord(text.charCodeAt(j))) j++;
    return j - i <= longest && words.has(text.slice(i, j));
  };
}
