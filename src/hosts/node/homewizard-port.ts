// HomeWizard clients take the address mDNS gives them and connect to port 80 of it: Home
// Assistant's integration (python-homewizard-energy builds http://{host}/api) never reads the
// port of the SRV record. On another port the PC host is announced but not reachable for them.

export const HOMEWIZARD_CLIENT_PORT = 80;

/** The start-up warning for the HomeWizard-compatible API served on `port`; undefined on port 80. */
export function homewizardPortWarning(port: number): string | undefined {
	if (port === HOMEWIZARD_CLIENT_PORT) return undefined;
	return `the HomeWizard-compatible API is on port ${port}, but Home Assistant and other HomeWizard clients connect to port ${HOMEWIZARD_CLIENT_PORT}: run with --port ${HOMEWIZARD_CLIENT_PORT} (README, "HomeWizard-compatible API")`;
}
