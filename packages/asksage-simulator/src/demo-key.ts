/**
 * The key the simulator accepts when no `keys` option is given (demo mode, quick manual tries).
 * 64 characters like a real AskSage key, and obviously fake so nobody mistakes it for a secret.
 */
export const DEMO_KEY = 'demo-key-asksage-simulator-not-a-secret-'.padEnd(64, '0');
