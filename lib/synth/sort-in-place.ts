/**
 * @internal
 * Sorts `items` in place by `compare`, as `items.sort(compare)` would for distinct items.
 * The maps of a manifest have a handful of keys; `Array.prototype.sort` copies each array
 * into a scratch buffer, and at 90,000 objects those copies were the largest single source
 * of garbage in synthesis. Insertion sort on short arrays allocates nothing.
 */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 24) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && compare(items[j], item) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

/** `a.sort()` order for strings: UTF-16 code units. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
