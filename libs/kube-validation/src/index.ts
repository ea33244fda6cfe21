export { applyDefaults, type Operation } from './apply-defaults';
export { validateCreate, validateUpdate, isServedKind } from './validate';
export { validatePodEphemeralContainersUpdate } from './validation/pod';
export { type FieldCause, type FieldCauseReason, fieldErrorString, forbidden as fieldForbidden, invalid as fieldInvalid, notSupported as fieldNotSupported } from './field-error';
export { invalidMessage, invalidStatus } from './invalid-message';
export {
  type Quantity,
  type QuantityFormat,
  parseQuantity,
  formatQuantity,
  canonicalQuantity,
  compareQuantities,
  milliValue,
  quantityValue,
  roundUp,
  isQuantity,
  QUANTITY_FORMAT_ERROR,
} from './quantity';
export { isDNS1123Label, isDNS1123Subdomain, isDNS1035Label, isQualifiedName, isValidLabelValue, isConfigMapKey } from './validation/names';
export { selectorMatches } from './validation/labels';
export { cronScheduleError } from './validation/cron-schedule';
export { goJson, goLabelSelector, type LabelSelector } from './go-value';
