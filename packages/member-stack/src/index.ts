export { HANDLER_BUNDLE_FILE, readHandlerBundle } from './handler-code';
