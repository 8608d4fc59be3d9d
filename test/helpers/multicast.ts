// Whether this machine can multicast at all: mDNS needs a non-loopback IPv4 interface (without one
// bonjour-service sends no A record either, and a browser on the same machine hears nothing).

import os from "node:os";

export const MULTICAST = Object.values(os.networkInterfaces()).some((list) =>
	(list ?? []).some((a) => !a.internal && a.family === "IPv4"),
);

/** Why a multicast test is skipped here, for the test's name. */
export const NO_MULTICAST = "skipped: no non-loopback IPv4 interface to multicast on";
