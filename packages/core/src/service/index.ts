export type { ProxyService, RequestContext, HealthReport } from './proxy-service';
export type { ProxyServiceDependencies, ProxyServiceOptions } from './proxy-service-dependencies';
export { createProxyService } from './create-proxy-service';
