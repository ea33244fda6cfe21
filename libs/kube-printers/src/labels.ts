/** Upstream's `labels.FormatLabels`: `k=v` pairs sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels![key]}`);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * The selector string of upstream's `LabelSelectorAsSelector(...).String()`: requirements sorted by key,
 * `""` for an empty or missing selector, undefined when the selector is invalid.
 */
export function labelSelectorString(selector: LabelSelector | undefined): string | undefined {
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const text = expressionString(key, operator, values);
    if (text === undefined) return undefined;
    requirements.push({ key, text });
  }
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((requirement) => requirement.text)
    .join(',');
}

function expressionString(key: string, operator: string, values: string[]): string | undefined {
  const set = `(${[...values].sort().join(',')})`;
  switch (operator) {
    case 'In':
      return values.length === 0 ? undefined : `${key} in ${set}`;
    case 'NotIn':
      return values.length === 0 ? undefined : `${key} notin ${set}`;
    case 'Exists':
      return values.length > 0 ? undefined : key;
    case 'DoesNotExist':
      return values.length > 0 ? undefined : `!${key}`;
    default:
      return undefined;
  }
}

/** Upstream's `metav1.FormatLabelSelector`: `<none>` for a selector that selects nothing in particular. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}
