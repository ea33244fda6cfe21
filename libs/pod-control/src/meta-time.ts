/** Go's `metav1.Time` text: RFC 3339 in whole seconds. */
export function metaTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function timeOf(text: string | undefined): number | undefined {
  return text ? Date.parse(text) : undefined;
}
