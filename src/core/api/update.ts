// POST /update: a firmware image as the raw body (application/octet-stream). The device writes it
// to its OTA partition in the firmware issue; until a host says it can, the answer is a clear 501.
// Hosts never buffer this body whole: they pass it by, counted, up to MAX_FIRMWARE_BYTES.

import { errorMessage } from "./responses";
import type { ApiResponse } from "./types";

export const UPDATE_PATH = "/update";

/** Largest image taken: the ESP32 app partitions of the boards we support hold less. */
export const MAX_FIRMWARE_BYTES = 4 * 1024 * 1024;

const NOT_HERE = "firmware updates are not supported on this host (only on the device)";

export function update(): ApiResponse {
	return errorMessage(501, NOT_HERE);
}
