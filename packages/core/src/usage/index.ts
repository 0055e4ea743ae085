export { createUsageLedger } from './create-usage-ledger';
export type { UsageLedger, UsageLedgerOptions } from './create-usage-ledger';
export { createMonthlyUsageReader } from './create-monthly-usage-reader';
export type { MonthlyKeyUsage, MonthlyUsageReader, MonthlyUsageReaderOptions } from './create-monthly-usage-reader';
export { buildStatusReport } from './build-status-report';
export type { KeyStatusReport, StatusReport, StatusReportInputs } from './build-status-report';
export type { KeyUsage, ModelUsage, RecentError, RequestRate, UsageSnapshot } from './usage-snapshot';
