export { createUsageLedger } from './create-usage-ledger';
export type { UsageLedger, UsageLedgerOptions } from './create-usage-ledger';
export { createMonthlyUsageReader } from './create-monthly-usage-reader';
export type { MonthlyKeyUsage, MonthlyUsageReader, MonthlyUsageReaderOptions } from './create-monthly-usage-reader';
export { buildStatusReport } from './build-status-report';
export type { StatusReportInputs } from './build-status-report';
export type { KeyStatusReport, ReplicaUsageReport, SharedUsageStore, StatusReport, UsageScope } from './status-report';
export type { KeyUsage, ModelUsage, RecentError, RequestRate, UsageSnapshot, UsageTotals } from './usage-snapshot';
