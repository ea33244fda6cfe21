/**
 * Upstream prints a field error's bad value with Go's fmt (`%v` for numbers, `%q` for strings,
 * `String()` for Stringers, `%#v` for the rest). Values that are not plain scalars are rendered
 * by the helpers below into a GoText, so messages match the apiserver's byte for byte.
 */
export class GoText {
  constructor(readonly text: string) {}
}
export type GoValue = string | number | boolean | null | undefined | GoText;

export function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function renderGoValue(value: GoValue): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof GoText) return value.text;
  if (typeof value === 'string') return goQuote(value);
  return String(value);
}

/** `%#v` of a `map[string]string`: keys sorted, nil prints as `map[string]string(nil)`. */
export function goStringMap(map: Record<string, string> | undefined | null): GoText {
  if (!map) return new GoText('map[string]string(nil)');
  const entries = Object.keys(map).sort().map((k) => `${goQuote(k)}:${goQuote(String(map[k]))}`);
  return new GoText(`map[string]string{${entries.join(', ')}}`);
}

/** A struct's bad value, which field errors print as its JSON (`{"path":"/healthz","verb":"get"}`). */
export function goJson(value: unknown): GoText {
  return new GoText(JSON.stringify(value));
}

/** `%#v` of a `[]string`. */
export function goStringSlice(list: readonly string[] | undefined | null): GoText {
  if (!list) return new GoText('[]string(nil)');
  return new GoText(`[]string{${list.map(goQuote).join(', ')}}`);
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** `*metav1.LabelSelector` is a Stringer (gogo-protobuf's generated `String()`). */
export function goLabelSelector(selector: LabelSelector | undefined | null): GoText | null {
  if (!selector) return null;
  const labels = selector.matchLabels ?? {};
  const map = Object.keys(labels).sort().map((k) => `${k}: ${labels[k]},`).join('');
  const exprs = (selector.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return new GoText(`&LabelSelector{MatchLabels:map[string]string{${map}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`);
}

/** `intstr.IntOrString` is a Stringer: its bare int or string. */
export function goIntOrString(value: number | string | undefined | null): GoText {
  return new GoText(value === undefined || value === null ? '0' : String(value));
}
