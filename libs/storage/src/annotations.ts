/** Annotations and finalizers upstream's volume controllers read and write (pkg/controller/volume). */
export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const annDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
export const annBetaStorageClass = 'volume.beta.kubernetes.io/storage-class';
export const annIsDefaultClass = 'storageclass.kubernetes.io/is-default-class';
export const annBetaIsDefaultClass = 'storageclass.beta.kubernetes.io/is-default-class';
export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';
/** Upstream's marker of a class that provisions nothing (local volumes made by hand). */
export const noProvisioner = 'kubernetes.io/no-provisioner';
