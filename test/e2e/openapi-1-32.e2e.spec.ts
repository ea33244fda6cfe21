import { describe, expect, it } from 'vitest';
import { meshPerFile } from '../support/mesh-per-file';

// The Pod of the Kubernetes documentation's sidecar example (concepts/workloads/pods/sidecar-containers,
// application/deployment-sidecar.yaml): an init container with `restartPolicy: Always`, new in 1.28.
const sidecarPod = (extraContainerYaml = '') => `
apiVersion: v1
kind: Pod
metadata:
  name: myapp
  labels:
    app: myapp
spec:
  containers:
    - name: myapp
      image: alpine:latest
      command: ['sh', '-c', 'while true; do echo "logging" >> /opt/logs.txt; sleep 1; done']
      volumeMounts:
        - name: data
          mountPath: /opt
${extraContainerYaml}
  initContainers:
    - name: logshipper
      image: alpine:latest
      restartPolicy: Always
      command: ['sh', '-c', 'tail -F /opt/logs.txt']
      volumeMounts:
        - name: data
          mountPath: /opt
  volumes:
    - name: data
      emptyDir: {}
`;

describe('kubectl against the Kubernetes 1.32 schema', () => {
  const { kubectl } = meshPerFile();

  it('applies a Pod with a sidecar container under kubectl\'s default (strict) validation', async () => {
    const applied = await kubectl(['apply', '-f', '-'], { input: sidecarPod() });
    expect(applied).toMatchObject({ code: 0, stdout: 'pod/myapp created\n', stderr: '' });

    const restartPolicy = await kubectl(['get', 'pod', 'myapp', '-o', 'jsonpath={.spec.initContainers[0].restartPolicy}']);
    expect(restartPolicy.stdout).toBe('Always');
  });

  it('explains fields added in 1.28 to 1.32', async () => {
    const successPolicy = await kubectl(['explain', 'job.spec.successPolicy']);
    expect(successPolicy).toMatchObject({ code: 0, stderr: '' });
    expect(successPolicy.stdout).toMatch(/^GROUP:\s+batch\nKIND:\s+Job\nVERSION:\s+v1\n/);
    expect(successPolicy.stdout).toMatch(/FIELD:\s+successPolicy <SuccessPolicy>/);
    expect(successPolicy.stdout).toContain('SuccessPolicy describes when a Job can be declared as succeeded');
    expect(successPolicy.stdout).toMatch(/FIELDS:\n\s+rules\s+<\[\]SuccessPolicyRule> -required-/);

    const sidecar = await kubectl(['explain', 'pod.spec.initContainers.restartPolicy']);
    expect(sidecar).toMatchObject({ code: 0, stderr: '' });
    expect(sidecar.stdout).toMatch(/FIELD:\s+restartPolicy <string>/);
    expect(sidecar.stdout).toContain('"sidecar" container');

    const trafficDistribution = await kubectl(['explain', 'service.spec.trafficDistribution']);
    expect(trafficDistribution).toMatchObject({ code: 0, stderr: '' });
  });

  it('still rejects unknown fields, a field of 1.33 among them', async () => {
    const stopSignal = sidecarPod('      lifecycle:\n        stopSignal: SIGUSR1').replace('name: myapp\n  labels', 'name: myapp-1-33\n  labels');
    const applied = await kubectl(['apply', '-f', '-'], { input: stopSignal });
    expect(applied.code).not.toBe(0);
    expect(applied.stderr).toContain('strict decoding error: unknown field "spec.containers[0].lifecycle.stopSignal"');
    expect((await kubectl(['get', 'pod', 'myapp-1-33'])).stderr).toContain('NotFound');

    const explained = await kubectl(['explain', 'pod.spec.containers.lifecycle.stopSignal']);
    expect(explained.code).not.toBe(0);
    expect(explained.stderr).toContain('field "stopSignal" does not exist');
  });
});
