import { type GoValue, goQuote, renderGoValue } from './go-value';

/** Upstream `metav1.CauseType` values that field validation produces. */
export type FieldCauseReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound';

/** One `metav1.StatusCause` as the apiserver emits it: `message` is upstream's `field.Error.ErrorBody()`. */
export interface FieldCause {
  reason: FieldCauseReason;
  field: string;
  message: string;
}

function cause(reason: FieldCauseReason, field: string, body: string, detail = ''): FieldCause {
  return { reason, field, message: detail ? `${body}: ${detail}` : body };
}

export const required = (field: string, detail = '') => cause('FieldValueRequired', field, 'Required value', detail);
export const forbidden = (field: string, detail: string) => cause('FieldValueForbidden', field, 'Forbidden', detail);
export const invalid = (field: string, value: GoValue, detail: string) =>
  cause('FieldValueInvalid', field, `Invalid value: ${renderGoValue(value)}`, detail);
export const typeInvalid = (field: string, value: GoValue, detail: string) =>
  cause('FieldValueTypeInvalid', field, `Invalid value: ${renderGoValue(value)}`, detail);
export const duplicate = (field: string, value: GoValue) =>
  cause('FieldValueDuplicate', field, `Duplicate value: ${renderGoValue(value)}`);
export const notFound = (field: string, value: GoValue) =>
  cause('FieldValueNotFound', field, `Not found: ${renderGoValue(value)}`);
export const notSupported = (field: string, value: GoValue, supported: readonly string[]) =>
  cause(
    'FieldValueNotSupported',
    field,
    `Unsupported value: ${renderGoValue(value)}`,
    supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
  );
// Upstream's TooLong omits the value from the message.
export const tooLong = (field: string, maxBytes: number) =>
  cause('FieldValueTooLong', field, 'Too long', `must have at most ${maxBytes} bytes`);
export const tooMany = (field: string, actual: number, max: number) =>
  cause('FieldValueTooMany', field, `Too many: ${actual}`, `must have at most ${max} items`);

/** Upstream `field.Error.Error()`: `<field>: <body>`. */
export function fieldErrorString(c: FieldCause): string {
  return `${c.field}: ${c.message}`;
}

/** Field path helpers mirroring `field.Path`'s rendering: `a.b[0][key]`. */
export function child(path: string, ...names: string[]): string {
  // Called for every field validated, so no intermediate arrays.
  let out = path;
  for (const name of names) if (name) out = out ? `${out}.${name}` : name;
  return out;
}
export const index = (path: string, i: number) => `${path}[${i}]`;
export const key = (path: string, k: string) => `${path}[${k}]`;
