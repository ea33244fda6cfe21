import { errors } from '@kronicle/object-lifecycle';

/**
 * Kubernetes label selectors (`app=web,tier!=db,env in (a,b),!canary`), as in apimachinery's
 * labels.Parse. No maintained npm package implements this grammar, so it lives here.
 */
export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

export type Labels = Record<string, string> | undefined;

export function parseLabelSelector(selector: string | null | undefined): Requirement[] {
  if (!selector?.trim()) return [];
  return splitTopLevel(selector).map(parseRequirement);
}

export function matchesLabels(requirements: Requirement[], labels: Labels): boolean {
  return requirements.every((r) => {
    const value = labels?.[r.key];
    switch (r.op) {
      case 'exists':
        return value !== undefined;
      case 'doesnotexist':
        return value === undefined;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
    }
  });
}

/** Splits on commas that are not inside a `( … )` value set. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function parseRequirement(text: string): Requirement {
  let match: RegExpMatchArray | null;
  if ((match = text.match(/^!\s*([^\s!=(),]+)$/))) return { key: validKey(match[1], text), op: 'doesnotexist' };
  if ((match = text.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/))) {
    const values = match[3].split(',').map((v) => v.trim()).filter(Boolean);
    return { key: validKey(match[1], text), op: match[2] as 'in' | 'notin', values };
  }
  if ((match = text.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
    return { key: validKey(match[1], text), op: match[2] === '!=' ? 'notin' : 'in', values: [match[3]] };
  }
  if ((match = text.match(/^([^\s!=(),]+)$/))) return { key: validKey(match[1], text), op: 'exists' };
  throw errors.badRequest(`unable to parse requirement: found '${text}', expected: key, key=value, key in (values) or !key`);
}

function validKey(key: string, text: string): string {
  if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key) || key.length > 316) {
    throw errors.badRequest(`unable to parse requirement: invalid label key "${key}" in '${text}'`);
  }
  return key;
}
