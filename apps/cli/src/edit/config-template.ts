import { findInstalledDoc } from '../find-installed-docs';
/** The placeholder `--edit` puts where the key goes; a config still holding it is reported, not accepted. */
export const placeholderApiKey = 'paste-your-asksage-api-key-here';

/** config.yaml written by `--edit` when the file does not exist yet: every common key, explained. */
export const configTemplate = `# asksage-proxy configuration. Every key: ${findInstalledDoc('configuration.md')}
host: 127.0.0.1          # 0.0.0.0 exposes the proxy to your network: then set proxy_api_keys
port: 50733
verbose: false

api_keys:                # one or more AskSage keys; requests are spread by weight
  - key: "${placeholderApiKey}"
    name: primary
    weight: 1.0

asksage_server_base_url: https://api.asksage.anl.gov/server
asksage_user_base_url: https://api.asksage.anl.gov/user
# cert_path: ~/asksage_anl_gov.pem   # CA bundle, required for ANL (relative paths: from this file's folder)
timeout_seconds: 600     # total time one upstream answer may take

# proxy_api_keys:        # inbound: clients must send "Authorization: Bearer <one of these>"
#   - some-long-random-token
`;
