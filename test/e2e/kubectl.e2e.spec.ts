import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { parse } from 'yaml';
import { apiRequest } from '../support/api-client';
import { example } from '../support/examples';
import { meshPerFile } from '../support/mesh-per-file';
import { eventually, until } from '@kronicle/testing';

describe('kubectl drives Kronicle', () => {
  const { mesh, kubectl } = meshPerFile();

  it('reports Kubernetes v1.32 and lists the system namespaces', async () => {
    const version = await kubectl(['version', '-o', 'json']);
    expect(JSON.parse(version.stdout).serverVersion).toMatchObject({ major: '1', minor: '32' });

    const namespaces = await kubectl(['get', 'namespaces']);
    expect(namespaces.stderr).toBe('');
    expect(namespaces.stdout).toMatch(/^NAME\s+STATUS\s+AGE/);
    for (const name of ['default', 'kube-system', 'kube-public']) expect(namespaces.stdout).toMatch(new RegExp(`^${name}\\s+Active`, 'm'));
  });

  it('applies the Deployment manifest from the Kubernetes documentation unchanged, and again as unchanged', async () => {
    const first = await kubectl(['apply', '-f', example('nginx-deployment.yaml')]);
    expect(first).toMatchObject({ code: 0, stdout: 'deployment.apps/nginx-deployment created\n' });

    const second = await kubectl(['apply', '-f', example('nginx-deployment.yaml')]);
    expect(second).toMatchObject({ code: 0, stdout: 'deployment.apps/nginx-deployment unchanged\n' });
  });

  it('gets it with upstream columns and as YAML with upstream defaults', async () => {
    const table = await kubectl(['get', 'deployments']);
    expect(table.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nnginx-deployment\s+\d\/3\s+\d\s+\d\s+\d+s/);

    const wide = await kubectl(['get', 'deploy', 'nginx-deployment', '-o', 'wide']);
    expect(wide.stdout).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide.stdout).toMatch(/nginx\s+nginx:1.14.2\s+app=nginx/);

    const yaml = parse((await kubectl(['get', 'deployment', 'nginx-deployment', '-o', 'yaml'])).stdout);
    expect(yaml.metadata).toMatchObject({ name: 'nginx-deployment', namespace: 'default', generation: 1 });
    expect(yaml.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(yaml.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(yaml.spec).toMatchObject({
      replicas: 3,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    expect(yaml.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
  });

  it('serves an object with its keys in the order upstream prints them', async () => {
    // kubectl's own printers sort keys; --raw shows the API's bytes.
    const raw = await kubectl(['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/nginx-deployment']);
    expect(Object.keys(JSON.parse(raw.stdout))).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('labels, annotates and patches, each a new resourceVersion', async () => {
    const before = Number((await kubectl(['get', 'deploy', 'nginx-deployment', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout);

    expect((await kubectl(['label', 'deployment', 'nginx-deployment', 'tier=web'])).stdout).toBe('deployment.apps/nginx-deployment labeled\n');
    expect((await kubectl(['annotate', 'deployment', 'nginx-deployment', 'owner=team-a'])).stdout).toBe('deployment.apps/nginx-deployment annotated\n');
    const patched = await kubectl(['patch', 'deployment', 'nginx-deployment', '--type=merge', '-p', '{"spec":{"replicas":5}}']);
    expect(patched.stdout).toBe('deployment.apps/nginx-deployment patched\n');
    const jsonPatched = await kubectl(['patch', 'deployment', 'nginx-deployment', '--type=json', '-p', '[{"op":"add","path":"/spec/minReadySeconds","value":2}]']);
    expect(jsonPatched.stdout).toBe('deployment.apps/nginx-deployment patched\n');

    const after = parse((await kubectl(['get', 'deploy', 'nginx-deployment', '-o', 'yaml'])).stdout);
    expect(after.metadata.labels).toMatchObject({ tier: 'web' });
    expect(after.metadata.annotations).toMatchObject({ owner: 'team-a' });
    expect(after.spec).toMatchObject({ replicas: 5, minReadySeconds: 2 });
    expect(after.metadata.generation).toBe(3);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(before);
  });

  it('applies server-side, owning the fields it sets', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, labels: {team: a}}\ndata: {mode: fast}\n';
    expect((await kubectl(['apply', '--server-side', '-f', '-'], { input: manifest })).stdout).toBe('configmap/ssa serverside-applied\n');
    const changed = manifest.replace('fast', 'slow');
    expect((await kubectl(['apply', '--server-side', '-f', '-'], { input: changed })).stdout).toBe('configmap/ssa serverside-applied\n');

    const applied = parse((await kubectl(['get', 'configmap', 'ssa', '-o', 'yaml', '--show-managed-fields'])).stdout);
    expect(applied.data).toEqual({ mode: 'slow' });
    expect(applied.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }));
  });

  it('records what kubectl create deployment owns as upstream does: no "." for the structs a Deployment always has', async () => {
    expect((await kubectl(['create', 'deployment', 'owned', '--image=nginx'])).stdout).toBe('deployment.apps/owned created\n');
    const created = JSON.parse((await kubectl(['get', 'deployment', 'owned', '-o', 'json', '--show-managed-fields'])).stdout);
    expect(created.metadata.managedFields).toHaveLength(1);
    const [entry] = created.metadata.managedFields;
    expect(entry).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1' });
    const spec = entry.fieldsV1['f:spec'];
    expect(spec['.']).toBeUndefined();
    expect(spec['f:template']['.']).toBeUndefined();
    expect(spec['f:template']['f:spec']['.']).toBeUndefined();
    expect(spec['f:strategy']['f:rollingUpdate']).toEqual({ '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} });
    expect(spec['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['.']).toEqual({});
    expect(created.spec.template.metadata.creationTimestamp).toBeNull();
    await kubectl(['delete', 'deployment', 'owned']);
  });

  it('watches changes as they happen', async () => {
    const watch = spawn('kubectl', ['--kubeconfig', mesh().kubeconfig, 'get', 'configmaps', '--watch', '--output-watch-events'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    watch.stdout.on('data', (d) => (seen += d));
    try {
      await kubectl(['create', 'configmap', 'watched', '--from-literal=a=1']);
      await until(() => /ADDED\s+watched\s+1/.test(seen), 10_000);
      await kubectl(['label', 'configmap', 'watched', 'seen=yes']);
      await until(() => /MODIFIED\s+watched\s+1/.test(seen), 10_000);
      await kubectl(['delete', 'configmap', 'watched']);
      await until(() => /DELETED\s+watched\s+1/.test(seen), 10_000);
      expect(seen).toMatch(/^EVENT\s+NAME\s+DATA\s+AGE/);
    } finally {
      watch.kill();
    }
  });

  it('watches with a label selector: objects entering it are ADDED, leaving it DELETED', async () => {
    await kubectl(['create', 'configmap', 'sel-before', '--from-literal=a=1']);
    await kubectl(['label', 'configmap', 'sel-before', 'tier=web']);
    // kubectl lists, then watches from the list's resourceVersion with the selector (a resumed watch).
    const watch = spawn('kubectl', ['--kubeconfig', mesh().kubeconfig, 'get', 'configmaps', '-l', 'tier=web', '--watch', '--output-watch-events'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    watch.stdout.on('data', (d) => (seen += d));
    try {
      await until(() => /ADDED\s+sel-before\s+1/.test(seen), 10_000);
      await kubectl(['create', 'configmap', 'sel-joins', '--from-literal=a=1']);
      await kubectl(['label', 'configmap', 'sel-joins', 'tier=web']);
      await until(() => /ADDED\s+sel-joins\s+1/.test(seen), 10_000);
      await kubectl(['label', '--overwrite', 'configmap', 'sel-before', 'tier=db']);
      await until(() => /DELETED\s+sel-before\s+1/.test(seen), 10_000);
      expect(seen.match(/sel-/g)).toHaveLength(3);
    } finally {
      watch.kill();
      await kubectl(['delete', 'configmap', 'sel-before', 'sel-joins']);
    }
  });

  it("stores RBAC objects: the docs' Role and bindings apply, kubectl create makes them, tables and describe as upstream", async () => {
    // "Using RBAC Authorization" in the Kubernetes documentation.
    const docs = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: default
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: default
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-reader
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "watch", "list"]
`;
    expect(await kubectl(['apply', '-f', '-'], { input: docs })).toMatchObject({
      code: 0,
      stdout: 'role.rbac.authorization.k8s.io/pod-reader created\nrolebinding.rbac.authorization.k8s.io/read-pods created\nclusterrole.rbac.authorization.k8s.io/secret-reader created\n',
    });
    expect(await kubectl(['apply', '-f', '-'], { input: docs })).toMatchObject({ code: 0, stdout: expect.stringContaining('role.rbac.authorization.k8s.io/pod-reader unchanged') });
    // Typed commands, which send protobuf.
    expect(await kubectl(['create', 'role', 'deployer', '--verb=get,list', '--resource=deployments.apps'])).toMatchObject({ code: 0, stdout: 'role.rbac.authorization.k8s.io/deployer created\n' });
    expect(await kubectl(['create', 'rolebinding', 'deployers', '--role=deployer', '--serviceaccount=default:robot', '--group=ops'])).toMatchObject({ code: 0 });
    expect(await kubectl(['create', 'clusterrolebinding', 'read-secrets-global', '--clusterrole=secret-reader', '--group=manager'])).toMatchObject({ code: 0 });

    expect((await kubectl(['get', 'rolebindings', '-o', 'wide'])).stdout).toMatch(
      /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\ndeployers\s+Role\/deployer\s+\d+s\s+ops\s+default\/robot\nread-pods\s+Role\/pod-reader\s+\d+s\s+jane\s*\n$/,
    );
    expect((await kubectl(['get', 'clusterrolebinding', 'read-secrets-global'])).stdout).toMatch(/^NAME\s+ROLE\s+AGE\nread-secrets-global\s+ClusterRole\/secret-reader\s+\d+s\n$/);
    expect((await kubectl(['get', 'clusterroles', 'secret-reader'])).stdout).toMatch(/^NAME\s+CREATED AT\nsecret-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect((await kubectl(['describe', 'role', 'deployer'])).stdout).toMatch(/PolicyRule:\n\s+Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n.*\n\s+deployments\.apps\s+\[\]\s+\[\]\s+\[get list\]/);

    // A binding's role cannot change; a rule needs verbs.
    const moved = await kubectl(['patch', 'rolebinding', 'read-pods', '--type=merge', '-p', '{"roleRef":{"name":"deployer"}}']);
    expect(moved.stderr).toContain('The RoleBinding "read-pods" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"deployer"}: cannot change roleRef');
    const verbless = await kubectl(['apply', '-f', '-'], { input: docs.split('---')[0].replace('  verbs: ["get", "watch", "list"]\n', '').replace('pod-reader', 'verbless') });
    expect(verbless.stderr).toContain('rules[0].verbs: Required value: verbs must contain at least one value');
    expect((await kubectl(['delete', 'role,rolebinding', '--all'])).code).toBe(0);
    expect((await kubectl(['delete', 'clusterrole', 'secret-reader'])).code).toBe(0);
    expect((await kubectl(['delete', 'clusterrolebinding', 'read-secrets-global'])).code).toBe(0);
  });

  it("stores Ingresses, IngressClasses and NetworkPolicies: the docs' examples apply, kubectl create ingress makes one, tables as upstream", async () => {
    // service/networking/minimal-ingress.yaml, external-lb.yaml and networkpolicy.yaml of the Kubernetes documentation.
    const docs = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: minimal-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx-example
  rules:
  - http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: test
            port:
              number: 80
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: external-lb
spec:
  controller: example.com/ingress-controller
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
`;
    expect(await kubectl(['apply', '-f', '-'], { input: docs })).toMatchObject({
      code: 0,
      stdout: 'ingress.networking.k8s.io/minimal-ingress created\ningressclass.networking.k8s.io/external-lb created\nnetworkpolicy.networking.k8s.io/test-network-policy created\n',
    });
    expect(await kubectl(['apply', '-f', '-'], { input: docs })).toMatchObject({ code: 0, stdout: expect.stringContaining('ingress.networking.k8s.io/minimal-ingress unchanged') });
    // A typed command, which sends protobuf.
    expect(await kubectl(['create', 'ingress', 'simple', '--rule=foo.com/bar=svc1:8080,tls=my-cert'])).toMatchObject({ code: 0, stdout: 'ingress.networking.k8s.io/simple created\n' });

    expect((await kubectl(['get', 'ingress'])).stdout).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\nminimal-ingress\s+nginx-example\s+\*\s+80\s+\d+s\nsimple\s+<none>\s+foo\.com\s+80, 443\s+\d+s\n$/);
    expect((await kubectl(['get', 'ingressclass', 'external-lb'])).stdout).toMatch(/^NAME\s+CONTROLLER\s+PARAMETERS\s+AGE\nexternal-lb\s+example\.com\/ingress-controller\s+IngressParameters\.k8s\.example\.com\/external-lb\s+\d+s\n$/);
    expect((await kubectl(['get', 'netpol'])).stdout).toMatch(/^NAME\s+POD-SELECTOR\s+AGE\ntest-network-policy\s+role=db\s+\d+s\n$/);
    expect((await kubectl(['get', 'ingress', 'simple', '-o', 'jsonpath={.metadata.generation} {.spec.rules[0].http.paths[0].pathType}'])).stdout).toBe('1 Exact');

    const refused = await kubectl(['create', 'ingress', 'by-ip', '--rule=10.0.0.1/=svc1:80']);
    expect(refused.stderr).toContain('spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address');
    expect((await kubectl(['delete', 'ingress,netpol', '--all'])).code).toBe(0);
    expect((await kubectl(['delete', 'ingressclass', 'external-lb'])).code).toBe(0);
  });

  it('answers kubectl auth whoami and can-i (nothing is enforced, so everything is allowed), and stores no review', async () => {
    const appendedByUsers = async () => {
      const client = new pg.Client({ connectionString: mesh().databaseUrl });
      await client.connect();
      try {
        return Number((await client.query("SELECT count(*) FROM events WHERE metadata->>'actor' LIKE 'user:%'")).rows[0].count);
      } finally {
        await client.end();
      }
    };
    const before = await appendedByUsers();

    const whoami = await kubectl(['auth', 'whoami']);
    expect(whoami).toMatchObject({ code: 0, stderr: '' });
    expect(whoami.stdout).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+admin\nGroups\s+\[system:masters system:authenticated\]\n$/);

    for (const question of [['create', 'pods'], ['delete', 'nodes'], ['*', '*', '--all-namespaces'], ['get', '/healthz'], ['list', 'pods', '--as=jane']]) {
      expect(await kubectl(['auth', 'can-i', ...question])).toMatchObject({ code: 0, stdout: 'yes\n' });
    }
    const rules = await kubectl(['auth', 'can-i', '--list']);
    expect(rules.stdout).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n\s+\[\*\]\s+\[\]\s+\[\*\]\n$/);

    // A review that asks nothing answerable is refused as upstream refuses it (kubectl validates reviews against
    // OpenAPI v2, which Kronicle does not serve: --validate=false).
    const lsar = { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: 'default' }, spec: { groups: ['devs'], resourceAttributes: { namespace: 'other', verb: 'get', resource: 'pods' } } };
    const refused = await kubectl(['create', '--validate=false', '-f', '-'], { input: JSON.stringify(lsar) });
    expect(refused.stderr).toBe('The LocalSubjectAccessReview "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace\n');
    const answered = await kubectl(['create', '--validate=false', '-o', 'json', '-f', '-'], { input: JSON.stringify({ ...lsar, spec: { ...lsar.spec, resourceAttributes: { ...lsar.spec.resourceAttributes, namespace: 'default' } } }) });
    expect(JSON.parse(answered.stdout).status).toMatchObject({ allowed: true });

    // --as acts as another user: whoami says whom, with upstream's groups.
    expect((await kubectl(['auth', 'whoami', '--as=jane', '--as-group=devs', '--as-group=ops'])).stdout).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+jane\nGroups\s+\[devs ops system:authenticated\]\n$/);
    expect((await kubectl(['auth', 'whoami', '--as=system:serviceaccount:ci:builder'])).stdout).toMatch(/Groups\s+\[system:serviceaccounts system:serviceaccounts:ci system:authenticated\]/);

    // Reviews are asked, not kept: nothing went to the log, and there is nothing to list.
    expect(await appendedByUsers()).toBe(before);
    expect(await kubectl(['get', 'selfsubjectaccessreviews'])).toMatchObject({ code: 1, stderr: 'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n' });
  });

  it('records a change made with --as as the impersonated user, and who impersonated', async () => {
    expect(await kubectl(['create', 'configmap', 'by-jane', '--as=jane'])).toMatchObject({ code: 0, stdout: 'configmap/by-jane created\n' });
    const client = new pg.Client({ connectionString: mesh().databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT metadata FROM events WHERE stream_id = 'k8s/core/configmaps/default/by-jane'");
      expect(rows.map((r) => r.metadata)).toEqual([expect.objectContaining({ actor: 'user:jane', impersonator: 'user:admin' })]);
    } finally {
      await client.end();
    }
    await kubectl(['delete', 'configmap', 'by-jane']);
  });

  it('kubectl create token: a service account token authenticates as the account until the account goes; bad requests are refused as upstream refuses them', async () => {
    expect((await kubectl(['create', 'serviceaccount', 'builder'])).code).toBe(0);
    const created = await kubectl(['create', 'token', 'builder']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const token = created.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:builder', aud: ['https://kubernetes.default.svc.cluster.local'] });
    expect(claims.exp - claims.iat).toBe(3600);

    // --token replaces the kubeconfig's credentials for the request.
    const asBuilder = (args: string[]) => kubectl([...args, `--token=${token}`]);
    expect((await asBuilder(['auth', 'whoami'])).stdout).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+system:serviceaccount:default:builder\nGroups\s+\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]\n$/);
    expect(await asBuilder(['create', 'configmap', 'by-builder'])).toMatchObject({ code: 0, stdout: 'configmap/by-builder created\n' });
    const longer = await kubectl(['create', 'token', 'builder', '--duration=2h', '--audience=vault', '-o', 'json']);
    expect(JSON.parse(longer.stdout)).toMatchObject({ kind: 'TokenRequest', spec: { audiences: ['vault'], expirationSeconds: 7200 } });
    // A token for another audience is not one for the API.
    const vaultToken = JSON.parse(longer.stdout).status.token;
    // kubectl words a 401 by where it met it: its discovery, or the request itself.
    const unauthorized = { code: 1, stderr: expect.stringMatching(/error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)\n$/) };
    expect(await kubectl(['get', 'pods', `--token=${vaultToken}`])).toMatchObject(unauthorized);

    expect((await kubectl(['create', 'token', 'builder', '--duration=5m'])).stderr).toBe(
      'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n',
    );
    expect((await kubectl(['create', 'token', 'nobody'])).stderr).toBe('error: failed to create token: serviceaccounts "nobody" not found\n');

    // Bound to a pod of the account, a token lives as long as the pod.
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'builder-pod' }, spec: { serviceAccountName: 'builder', containers: [{ name: 'c', image: 'nginx' }] } };
    expect((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod) })).code).toBe(0);
    const podToken = (await kubectl(['create', 'token', 'builder', '--bound-object-kind=Pod', '--bound-object-name=builder-pod'])).stdout.trim();
    expect(JSON.parse(Buffer.from(podToken.split('.')[1], 'base64url').toString())['kubernetes.io']).toMatchObject({ pod: { name: 'builder-pod' } });
    expect((await kubectl(['auth', 'whoami', `--token=${podToken}`])).stdout).toContain('system:serviceaccount:default:builder');
    expect((await kubectl(['delete', 'pod', 'builder-pod', '--grace-period=0', '--force'])).code).toBe(0);
    await eventually(async () => expect(await kubectl(['auth', 'whoami', `--token=${podToken}`])).toMatchObject(unauthorized));

    // A token speaks for its account while the account lives, not for one made again under the name.
    expect((await kubectl(['delete', 'serviceaccount', 'builder'])).code).toBe(0);
    expect(await asBuilder(['get', 'pods'])).toMatchObject(unauthorized);
    expect((await kubectl(['create', 'serviceaccount', 'builder'])).code).toBe(0);
    expect((await asBuilder(['get', 'pods'])).code).toBe(1);
    await kubectl(['delete', 'serviceaccount/builder', 'configmap/by-builder']);
  });

  it('reads the cluster as it was at any past resourceVersion, and replays what changed since as a watch', async () => {
    const rv = async () => (await kubectl(['get', 'configmap', 'audited', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout;
    await kubectl(['create', 'configmap', 'audited', '--from-literal=level=1']);
    const created = await rv();
    await kubectl(['patch', 'configmap', 'audited', '-p', '{"data":{"level":"2"}}']);
    const patched = await rv();
    await kubectl(['delete', 'configmap', 'audited']);

    const at = async (resourceVersion: string) => {
      const list = JSON.parse((await kubectl(['get', '--raw', `/api/v1/namespaces/default/configmaps?resourceVersion=${resourceVersion}&resourceVersionMatch=Exact`])).stdout);
      return { resourceVersion: list.metadata.resourceVersion, audited: list.items.find((c: { metadata: { name: string } }) => c.metadata.name === 'audited')?.data };
    };
    expect(await at(String(Number(created) - 1))).toEqual({ resourceVersion: String(Number(created) - 1), audited: undefined });
    expect(await at(created)).toEqual({ resourceVersion: created, audited: { level: '1' } });
    expect(await at(patched)).toEqual({ resourceVersion: patched, audited: { level: '2' } });
    expect((await kubectl(['get', 'configmap', 'audited'])).code).toBe(1);

    const history = await kubectl(['get', '--raw', `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${Number(created) - 1}&fieldSelector=metadata.name%3Daudited&timeoutSeconds=1`]);
    const changes = history.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { data: unknown } });
    expect(changes.map((c) => [c.type, c.object.data])).toEqual([['ADDED', { level: '1' }], ['MODIFIED', { level: '2' }], ['DELETED', { level: '2' }]]);

    // As upstream: resourceVersionMatch needs a resourceVersion, and a position the log has not reached is waited for 3 s, then 504.
    const unanchored = await apiRequest(mesh(), 'GET', '/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact');
    expect(unanchored.json()).toMatchObject({ code: 422, message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided' });
    const ahead = await apiRequest(mesh(), 'GET', '/api/v1/namespaces/default/configmaps?resourceVersion=99999999&resourceVersionMatch=Exact');
    expect(ahead.status).toBe(504);
    expect(ahead.json()).toMatchObject({ reason: 'Timeout', message: expect.stringMatching(/^Timeout: Too large resource version: 99999999, current: \d+$/), details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } });
    expect((await apiRequest(mesh(), 'GET', '/api/v1/namespaces/default/configmaps/kube-root-ca.crt?resourceVersion=99999999')).status).toBe(504);
    expect((await apiRequest(mesh(), 'GET', `/api/v1/namespaces/default/configmaps/kube-root-ca.crt?resourceVersion=${patched}`)).status).toBe(200);
  });

  it('deletes it', async () => {
    expect((await kubectl(['delete', 'deployment', 'nginx-deployment'])).stdout).toBe('deployment.apps "nginx-deployment" deleted\n');
    const gone = await kubectl(['get', 'deployment', 'nginx-deployment']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('deployments.apps "nginx-deployment" not found');
  });
});

