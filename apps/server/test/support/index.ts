export * from './test-database';
export * from './test-server';
export * from './http';
export * from './spawn-server';
