// Every write of a busy second stamps the same text: it is formatted once per second, not per object.
let stampedSecond = NaN;
let stamp = '';

/** Kubernetes timestamps have second precision: the ISO form without its `.sss` milliseconds. */
export function rfc3339(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== stampedSecond) {
    stamp = `${new Date(second * 1000).toISOString().slice(0, -5)}Z`;
    stampedSecond = second;
  }
  return stamp;
}
