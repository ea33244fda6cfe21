export * from './ip-range';
export * from './address-claims';
export * from './allocate-addresses';
