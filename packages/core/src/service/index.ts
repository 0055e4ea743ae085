export type { ProxyService, RequestContext, HealthReport } from './proxy-service';
