/** A request target such as `/api/v1/pods/?watch=1`, as the handlers read it. */
export interface RequestTarget {
  /** Without trailing slashes: `/api/v1/pods`. */
  path: string;
  query: URLSearchParams;
}

// Targets of these characters alone need none of the URL parser's work: no dot segments to resolve
// (checked apart), nothing to percent-encode, no second `?`, no `//` host. What clients send.
const plainTarget = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@/]*(\?[\w\-.~!$&'()*+,;=:@/%]*)?$/;
const dotSegment = /(^|\/)\.\.?(\/|$)/;

/** The path and query as WHATWG URL parsing (what Node and browsers do) gives them. */
export function parseRequestTarget(target: string): RequestTarget {
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  if (plainTarget.test(target) && !dotSegment.test(pathname)) {
    return { path: withoutTrailingSlashes(pathname), query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
  }
  const url = new URL(target, 'https://kronicle.invalid');
  return { path: withoutTrailingSlashes(url.pathname), query: url.searchParams };
}

function withoutTrailingSlashes(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}
