export {
  KUBERNETES_PROTOBUF_CONTENT_TYPE,
  KUBERNETES_PROTOBUF_MAGIC,
  KubeProtobufError,
  PROTO_DIR,
  decodeKubernetesProtobuf,
  isInlineField,
  isKubernetesProtobuf,
  kubernetesProtobufRoot,
  messageToJson,
  messageTypeFor,
  printedWhenZero,
} from './decode';
export { goDurationString, goTimeJson } from './go-json';
export { goZeroObject, withGoZeroFields, withoutOmittedFields, type GoZeroOptions } from './go-zero';
