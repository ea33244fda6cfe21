/**
 * Go's `fmt.Sprintf("%v", x)` for decoded JSON, so that error messages match upstream's byte for byte
 * (`map[name:nginx]`, `[a b]`, `<nil>`); maps print with sorted keys, as Go does.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${key}:${goFormat((value as Record<string, unknown>)[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}
