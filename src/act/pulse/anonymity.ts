// Small-group suppression for employee results: no group under the threshold is shown, and none can be
// worked out by subtracting the groups shown from the total (complementary suppression). Pure.

/** A group's respondent count and whatever is reported for it. */
export interface CountedGroup {
  key: string;
  n: number;
}

/** Which groups may be shown, and whether the total may. */
export interface Suppression {
  shown: Set<string>;
  hidden: Set<string>;
  /** False when even the total covers fewer than `minGroup` respondents. */
  totalShown: boolean;
}

/**
 * Hide every group with fewer than `minGroup` respondents; while the hidden groups could be recovered
 * from the total (only one of them, or fewer than `minGroup` respondents between them), hide the next
 * smallest shown group as well. The total is shown only when it covers at least `minGroup` respondents.
 * Groups with n = 0 are neither shown nor counted.
 */
export function suppressSmallGroups(groups: readonly CountedGroup[], minGroup: number): Suppression {
  if (!Number.isInteger(minGroup) || minGroup < 1)
    throw new RangeError('minGroup must be a positive integer');
  const present = groups.filter((g) => g.n > 0).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  const total = present.reduce((s, g) => s + g.n, 0);
  const hidden = new Set(present.filter((g) => g.n < minGroup).map((g) => g.key));
  const hiddenN = () => present.filter((g) => hidden.has(g.key)).reduce((s, g) => s + g.n, 0);
  while (hidden.size > 0 && (hidden.size === 1 || hiddenN() < minGroup)) {
    const next = present.find((g) => !hidden.has(g.key));
    if (!next) break;
    hidden.add(next.key);
  }
  const shown = new Set(present.filter((g) => !hidden.has(g.key)).map((g) => g.key));
  return { shown, hidden, totalShown: total >= minGroup && (hidden.size === 0 || hiddenN() >= minGroup) };
}
