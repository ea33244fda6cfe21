/**
 * Whether `JSON.parse(JSON.stringify(value))` gives back a value deep-equal to this one, strictly:
 * only plain objects and dense arrays of strings, finite numbers other than -0, booleans and null.
 * An `undefined` field (which the text drops), a Date (which it turns into a string), NaN and the
 * like are not: a reader given such a value in place of the parsed text could see a difference.
 */
export function isJsonExact(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonExact(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!isJsonExact((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}
