export { startKronicle, type StartKronicleOptions, type StartedKronicle, type KronicleServiceInstance } from './kronicle-container';
export { dockerAvailability, type DockerAvailability } from './docker-availability';
export { defaultImages, type KronicleImages } from './images';
export { kronicleServices, API_PORT, type KronicleServiceDefinition } from './services';
// Fault injection (kill, start, pause, partition containers) for meshes started with { restartable: true }.
export { faultInjector, type FaultInjector, type ContainerState } from './faults';
