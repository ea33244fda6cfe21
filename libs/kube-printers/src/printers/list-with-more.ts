/** The first few entries of a list and ` + N more...` for the rest, as upstream's endpoint columns print. */
export function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}
