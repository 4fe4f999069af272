export { buildApp, type TrailGuardAppProps } from './app';
