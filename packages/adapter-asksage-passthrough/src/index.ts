/**
 * @asksage-proxy/adapter-asksage-passthrough — the `PassthroughClient` port over Node http(s): AskSage's own
 * OpenAI- and Anthropic-compatible surfaces (protocol doc §4.9), for `upstream_api: passthrough`.
 */
export { createAskSagePassthroughClient } from './create-asksage-passthrough-client';
export type { AskSagePassthroughClient } from './create-asksage-passthrough-client';
export type { AskSagePassthroughSettings } from './asksage-passthrough-settings';
export { surfaceTargets } from './surface-target';
export type { SurfaceTarget } from './surface-target';
