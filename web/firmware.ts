// A firmware image checked before it is sent to POST /update (src/core/api/update.ts), and the
// device's answer as a sentence. Pure, so jest tests it.

import type { Lang } from "./format";
import { PAGE_TEXT, TEXT } from "./i18n";

/** The largest image the API takes (MAX_FIRMWARE_BYTES of update.ts). */
export const MAX_FIRMWARE_BYTES = 4 * 1024 * 1024;
/** The first byte of every ESP-IDF application image. */
const ESP_IMAGE_MAGIC = 0xe9;

export type FirmwareError = "empty" | "tooLarge" | "notImage";

/** Why a file is no image for the device, from its size and first byte; undefined when it may be one. */
export function firmwareError(size: number, firstByte: number | undefined): FirmwareError | undefined {
	if (size === 0) return "empty";
	if (size > MAX_FIRMWARE_BYTES) return "tooLarge";
	return firstByte === ESP_IMAGE_MAGIC ? undefined : "notImage";
}

/** The answer to an upload: status 0 when the device was not reached; `error` as the API words it. */
export interface Uploaded {
	status: number;
	error: string;
}

/** The sentence for an upload's answer; `ok` when the device took the image. */
export function uploadResult(u: Uploaded, lang: Lang): { ok: boolean; text: string } {
	const t = PAGE_TEXT[lang];
	if (u.status === 200) return { ok: true, text: t.updated };
	const text =
		u.status === 0
			? TEXT[lang].unreachable
			: u.status === 401
				? t.loginFirst
				: u.status === 501
					? t.notHere
					: u.status === 413
						? t.firmwareErrors.tooLarge
						: t.error(u.status, u.error);
	return { ok: false, text };
}
