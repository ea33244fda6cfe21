export { startKronicle, type StartKronicleOptions, type StartedKronicle } from './kronicle-container';
export { dockerAvailability, type DockerAvailability } from './docker-availability';
export { defaultImages, type KronicleImages } from './images';
export { kronicleServices, API_PORT, type KronicleServiceDefinition } from './services';
