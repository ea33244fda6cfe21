import * as protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  KUBERNETES_PROTOBUF_CONTENT_TYPE,
  KubeProtobufError,
  decodeKubernetesProtobuf,
  goDurationString,
  goTimeJson,
  isInlineField,
  isKubernetesProtobuf,
  kubernetesProtobufRoot,
  messageTypeFor,
} from './index';
import { encodeKubernetesProtobuf } from './test-encode';

const EMPTY_META = { creationTimestamp: {} }; // gogo-protobuf always writes the non-pointer creationTimestamp

describe('content type', () => {
  it('recognises the protobuf media type with parameters and case', () => {
    expect(KUBERNETES_PROTOBUF_CONTENT_TYPE).toBe('application/vnd.kubernetes.protobuf');
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf')).toBe(true);
    expect(isKubernetesProtobuf('Application/VND.Kubernetes.Protobuf; charset=utf-8')).toBe(true);
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf;stream=watch')).toBe(true);
    expect(isKubernetesProtobuf('application/json')).toBe(false);
    expect(isKubernetesProtobuf(undefined)).toBe(false);
  });
});

describe('special types', () => {
  it('Quantity is its string', () => {
    const pod: any = decodeKubernetesProtobuf(
      encodeKubernetesProtobuf('v1', 'Pod', {
        metadata: EMPTY_META,
        spec: { containers: [{ name: 'c', resources: { requests: { cpu: { string: '100m' }, memory: { string: '64Mi' } } } }] },
      }),
    );
    expect(pod.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' } });
  });

  it('IntOrString is a number or a string', () => {
    const svc: any = decodeKubernetesProtobuf(
      encodeKubernetesProtobuf('v1', 'Service', {
        metadata: EMPTY_META,
        spec: {
          ports: [
            { port: 80, targetPort: { type: 0, intVal: 8080 } },
            { port: 443, targetPort: { type: 1, strVal: 'https' } },
            { port: 9, targetPort: {} },
          ],
        },
      }),
    );
    expect(svc.spec.ports).toEqual([
      { port: 80, targetPort: 8080 },
      { port: 443, targetPort: 'https' },
      { port: 9, targetPort: 0 }, // a non-pointer IntOrString: Go prints its zero value
    ]);
  });

  it('Time is RFC 3339 in whole seconds, MicroTime has microseconds, the zero time is null', () => {
    expect(goTimeJson(1767225600, 0, false)).toBe('2026-01-01T00:00:00Z');
    expect(goTimeJson(1767225600, 999_999_999, false)).toBe('2026-01-01T00:00:00Z');
    expect(goTimeJson(1767225600, 123_456_789, true)).toBe('2026-01-01T00:00:00.123456Z');
    expect(goTimeJson(1767225600, 0, true)).toBe('2026-01-01T00:00:00.000000Z');
    expect(goTimeJson(undefined, undefined, false)).toBeNull();
    expect(goTimeJson(-62135596800, 0, false)).toBeNull();
    const ev: any = decodeKubernetesProtobuf(
      encodeKubernetesProtobuf('events.k8s.io/v1', 'Event', {
        metadata: { name: 'e', creationTimestamp: { seconds: 1767225600 }, deletionTimestamp: { seconds: 1767225601, nanos: 5 } },
        eventTime: { seconds: 1767225600, nanos: 1_500_000 },
        deprecatedFirstTimestamp: {},
      }),
    );
    expect(ev.metadata).toEqual({ name: 'e', creationTimestamp: '2026-01-01T00:00:00Z', deletionTimestamp: '2026-01-01T00:00:01Z' });
    expect(ev.eventTime).toBe('2026-01-01T00:00:00.001500Z');
    expect(ev.deprecatedFirstTimestamp).toBeNull();
  });

  it('Duration prints as Go does', () => {
    expect(goDurationString(0n)).toBe('0s');
    expect(goDurationString(60_000_000_000n)).toBe('1m0s');
    expect(goDurationString(3_723_500_000_000n)).toBe('1h2m3.5s');
    expect(goDurationString(1_500n)).toBe('1.5µs');
    expect(goDurationString(2_000_000n)).toBe('2ms');
    expect(goDurationString(999n)).toBe('999ns');
    expect(goDurationString(-90_000_000_000n)).toBe('-1m30s');
    expect(goDurationString(86_400_000_000_000n)).toBe('24h0m0s');
  });

  it('bytes are base64; RawExtension and FieldsV1 are their JSON', () => {
    const secret: any = decodeKubernetesProtobuf(
      encodeKubernetesProtobuf('v1', 'Secret', { metadata: EMPTY_META, data: { p: Buffer.from('x'), e: Buffer.alloc(0) }, type: 'Opaque' }),
    );
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { creationTimestamp: null }, data: { p: 'eA==', e: '' }, type: 'Opaque' });

    const revision: any = decodeKubernetesProtobuf(
      encodeKubernetesProtobuf('apps/v1', 'ControllerRevision', {
        metadata: {
          name: 'r',
          creationTimestamp: {},
          managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from('{"f:spec":{}}') } }],
        },
        data: { raw: Buffer.from('{"spec":{"template":{"x":1}}}') },
        revision: 3,
      }),
    );
    expect(revision.data).toEqual({ spec: { template: { x: 1 } } });
    expect(revision.revision).toBe(3);
    expect(revision.metadata.managedFields).toEqual([{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }]);
  });

  it('a RawExtension holding a nested protobuf object decodes it too', () => {
    const inner = encodeKubernetesProtobuf('v1', 'ConfigMap', { metadata: { name: 'in', creationTimestamp: {} }, data: { a: 'b' } });
    const revision: any = decodeKubernetesProtobuf(encodeKubernetesProtobuf('apps/v1', 'ControllerRevision', { metadata: EMPTY_META, data: { raw: inner } }));
    expect(revision.data).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'in', creationTimestamp: null }, data: { a: 'b' } });
  });
});

describe('Go struct shape', () => {
  it('keeps sent empty pointer structs and always prints non-pointer ones; drops zero non-pointer scalars', () => {
    const pod: any = decodeKubernetesProtobuf(
      encodeKubernetesProtobuf('v1', 'Pod', {
        metadata: { name: 'p', namespace: '', generation: 0, creationTimestamp: {} },
        spec: {
          containers: [{ name: 'c', image: 'i', securityContext: {}, stdin: false, workingDir: '' }],
          volumes: [{ name: 'v', volumeSource: { emptyDir: {} } }],
          securityContext: {},
          terminationGracePeriodSeconds: 0,
          automountServiceAccountToken: false,
        },
      }),
    );
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: null },
      spec: {
        containers: [{ name: 'c', image: 'i', securityContext: {}, resources: {} }],
        volumes: [{ name: 'v', emptyDir: {} }],
        securityContext: {},
        terminationGracePeriodSeconds: 0,
        automountServiceAccountToken: false,
      },
      status: {},
    });
  });

  it('prints zero non-omitempty scalars (upstream OpenAPI required) and nil required slices as null', () => {
    const pdb: any = decodeKubernetesProtobuf(encodeKubernetesProtobuf('policy/v1', 'PodDisruptionBudget', { metadata: EMPTY_META }));
    expect(pdb.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    const pod: any = decodeKubernetesProtobuf(encodeKubernetesProtobuf('v1', 'Pod', { metadata: EMPTY_META }));
    expect(pod.spec).toEqual({ containers: null });
  });

  it('keeps the zero scalars without omitempty that OpenAPI leaves optional, as their JSON has them', () => {
    // gogo-protobuf writes every non-pointer scalar, so a StatefulSet of 0 replicas carries its zero counts.
    const sts: any = decodeKubernetesProtobuf(encodeKubernetesProtobuf('apps/v1', 'StatefulSet', { metadata: EMPTY_META, status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 } }));
    expect(sts.status).toEqual({ replicas: 0, availableReplicas: 0 });
    const event: any = decodeKubernetesProtobuf(encodeKubernetesProtobuf('v1', 'Event', { metadata: EMPTY_META, reportingComponent: '', reportingInstance: '' }));
    expect(event).toMatchObject({ reportingComponent: '', reportingInstance: '' });
  });

  it('inlines exactly the embedded json:",inline" structs', () => {
    const inline: string[] = [];
    (function walk(ns: protobuf.NamespaceBase) {
      for (const nested of ns.nestedArray) {
        if (nested instanceof protobuf.Type) inline.push(...nested.fieldsArray.filter(isInlineField).map((f) => `${nested.name}.${f.name}`));
        if (nested instanceof protobuf.Namespace) walk(nested);
      }
    })(kubernetesProtobufRoot());
    expect(inline.sort()).toEqual([
      'ConfigMapEnvSource.localObjectReference',
      'ConfigMapKeySelector.localObjectReference',
      'ConfigMapProjection.localObjectReference',
      'ConfigMapVolumeSource.localObjectReference',
      'EphemeralContainer.ephemeralContainerCommon',
      'IngressRule.ingressRuleValue',
      'PersistentVolumeSpec.persistentVolumeSource',
      'Probe.handler',
      'SecretEnvSource.localObjectReference',
      'SecretKeySelector.localObjectReference',
      'SecretProjection.localObjectReference',
      'Unknown.typeMeta',
      'Volume.volumeSource',
    ]);
  });

  it('finds kinds of every vendored group version, and meta kinds in any group version', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'ConfigMap'],
      ['apps/v1', 'Deployment'],
      ['batch/v1', 'CronJob'],
      ['policy/v1', 'Eviction'],
      ['autoscaling/v1', 'Scale'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['discovery.k8s.io/v1', 'EndpointSlice'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
      ['coordination.k8s.io/v1', 'Lease'],
      ['events.k8s.io/v1', 'Event'],
      ['v1', 'DeleteOptions'],
      ['apps/v1', 'Status'],
    ]) {
      expect(messageTypeFor(apiVersion, kind)?.name, `${apiVersion} ${kind}`).toBe(kind);
    }
  });

  it('does not take a custom resource group for the built-in group of its first label', () => {
    expect(messageTypeFor('apps.example.com/v1', 'Deployment')).toBeUndefined();
    expect(messageTypeFor('apps/v1', 'Deployment')?.fullName).toBe('.k8s.io.api.apps.v1.Deployment');
  });
});

describe('malformed input', () => {
  it('throws KubeProtobufError with a clear message', () => {
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}'))).toThrow(KubeProtobufError);
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}'))).toThrow(/"k8s\\0" prefix/);
    expect(() => decodeKubernetesProtobuf(Buffer.from([0x6b, 0x38, 0x73, 0, 0x0a, 0x50, 1]))).toThrow(/malformed Kubernetes protobuf envelope/);
    const unknownKind = encodeKubernetesProtobuf('v1', 'ConfigMap', { metadata: EMPTY_META });
    const patched = Buffer.from(unknownKind.toString('latin1').replace('ConfigMap', 'ConfigMop'), 'latin1');
    expect(() => decodeKubernetesProtobuf(patched)).toThrow('no protobuf schema for v1 ConfigMop');
    const truncated = encodeKubernetesProtobuf('v1', 'ConfigMap', { metadata: { name: 'x'.repeat(50), creationTimestamp: {} } });
    expect(() => decodeKubernetesProtobuf(truncated.subarray(0, truncated.length - 10))).toThrow(KubeProtobufError);
    const noKind = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0])]);
    expect(() => decodeKubernetesProtobuf(noKind)).toThrow('no apiVersion or kind');
  });
});
