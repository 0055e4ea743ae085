import { configSearchPaths, defaultConfigPath } from '../config/find-config-file';

/**
 * What a non-interactive start (CI, systemd, docker: stdin is not a terminal) prints when there is no configuration:
 * where it looked, a minimal config.yaml, and the environment variables that work without a file. The CLI then
 * exits 2 instead of waiting for input nobody can type.
 */
export function formatNoConfigHelp(home: string, cwd: string): string {
  const searched = configSearchPaths(home, cwd).map((candidate) => `    ${candidate}`).join('\n');
  return `asksage-proxy: no configuration found, and stdin is not a terminal, so the interactive setup cannot run.

  Searched:
${searched}

  Create ${defaultConfigPath(home)} (chmod 600) with at least:

    port: 50733
    api_keys:
      - key: "your-asksage-api-key"
        name: primary
    cert_path: /path/to/asksage_anl_gov.pem   # ANL needs its CA bundle; omit for public tenants

  or configure it with environment variables only (no file needed):

    ASKSAGE_PROXY_API_KEYS="primary:<your-key>" \\
    ASKSAGE_PROXY_CERT_PATH=/path/to/asksage_anl_gov.pem \\
    asksage-proxy

  or run "asksage-proxy" once in a terminal for the guided setup, or "asksage-proxy --demo" to try it without a key.
`;
}
