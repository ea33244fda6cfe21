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
} from './decode';
export { goDurationString, goTimeJson } from './go-json';
export { goZeroObject, printedWhenZero, withGoZeroFields, type GoZeroOptions } from './go-zero';
