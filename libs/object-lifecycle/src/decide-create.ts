import { rfc3339, type KubeObject } from '@kronicle/contracts';
import { applyDefaults } from '@kronicle/kube-validation';
import type { StoredObject } from '@kronicle/projection';
import { errors } from './api-error';
import { admitCreate, type PodAdmissionSources } from './admission';
import { initialStatus } from './initial-status';
import { apiVersionOf, hasStatusSubresource, tracksGeneration, type ResourceInfo } from './resource-info';
import type { WriteContext } from './write-context';
import { checkBodyMatchesRequest } from './body-checks';
import { withManagedFields } from './managed-fields';
import { allocateServiceAddresses, isService, takenAddresses, type AddressContext } from './service-addresses';

export interface CreateInput extends PodAdmissionSources {
  info: ResourceInfo;
  /** Namespace from the URL, for namespaced resources. */
  namespace?: string;
  body: KubeObject;
  /** The live object of that name, if any. */
  existing?: StoredObject;
  /** The namespace the object goes into, when namespaced. */
  namespaceObject?: StoredObject;
  /** The field manager writing (fieldManager parameter or user agent). */
  manager?: string;
  /** Needed to create Services: where their ClusterIPs and NodePorts come from. */
  addresses?: AddressContext;
}

/**
 * Decides the object a create stores: identity and timestamps set, status as upstream starts it,
 * defaults applied and validated. Throws an ApiError for anything that must not be stored.
 */
export function decideCreate(input: CreateInput, ctx: WriteContext): KubeObject {
  const { info, body } = input;
  checkBodyMatchesRequest(info, body, input.namespace);
  const metadata = { ...(body.metadata ?? {}) };
  if (metadata.resourceVersion) throw errors.badRequest('resourceVersion should not be set on objects to be created');
  if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${ctx.randomSuffix()}`;
  const name = metadata.name ?? '';

  if (info.namespaced) {
    if (!input.namespaceObject) throw errors.notFound('', 'namespaces', input.namespace ?? '');
    if (input.namespaceObject.object.metadata.deletionTimestamp) {
      throw errors.forbidden(info.group, info.resource, name, `unable to create new content in namespace ${input.namespace} because it is being terminated`);
    }
    metadata.namespace = input.namespace;
  } else {
    delete metadata.namespace;
  }
  if (input.existing && name) throw errors.alreadyExists(info.group, info.resource, name);

  metadata.uid = ctx.newUid();
  metadata.creationTimestamp = rfc3339(ctx.now);
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  if (tracksGeneration(info)) metadata.generation = 1;
  else delete metadata.generation;

  const object: KubeObject = { ...body, apiVersion: apiVersionOf(info), kind: info.kind, metadata };
  // Worked out only for a writer that gets managed fields (a request without a manager gets none).
  const owned = input.manager ? ownedByWriter(info, object) : undefined;
  const status = initialStatus(info, object, ctx.now);
  if (status === undefined) delete object.status;
  else object.status = status;
  let admitted = admitCreate(info, object, input);
  if (isService(info) && input.addresses) admitted = allocateServiceAddresses(admitted, takenAddresses(input.addresses.liveServices()), input.addresses.config, undefined, input.addresses.random);
  if (!owned) return admitted;
  const { managedFields } = withManagedFields(input.manager, undefined, owned, ctx.now).metadata;
  return managedFields ? { ...admitted, metadata: { ...admitted.metadata, managedFields } } : admitted;
}

/**
 * What the writer of a create owns: upstream's field manager sees the object as decoded, defaults
 * applied, before the registry starts its status (reset for resources with a status subresource) and
 * before admission and allocation add to it (default tolerations, priority, ClusterIPs).
 */
function ownedByWriter(info: ResourceInfo, object: KubeObject): KubeObject {
  const { status: _status, ...withoutStatus } = object;
  return applyDefaults(hasStatusSubresource(info) ? withoutStatus : object);
}
