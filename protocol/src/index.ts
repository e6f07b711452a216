export * from './manifest.ts';
export * from './channel.ts';
export * from './job.ts';
export * from './contracts.ts';
