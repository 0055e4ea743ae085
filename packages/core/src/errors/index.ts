export { ProxyError, isProxyError } from './proxy-error';
export type { ProxyErrorOptions, KeyVerdict } from './proxy-error';
export { proxyErrorCodes } from './proxy-error-code';
export type { ProxyErrorCode } from './proxy-error-code';
