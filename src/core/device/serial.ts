// The HomeWizard serial of the device: its WiFi station MAC as 12 lowercase hex digits
// ("A4:D1:8C:DB:C0:20" -> "a4d18cdbc020"), stable across restarts and unique per chip, as
// HomeWizard's own meters use theirs.

/** The serial for `mac` (six hex pairs, any separator or none); undefined for anything else. */
export function macSerial(mac: string | undefined): string | undefined {
	if (typeof mac !== "string") return undefined;
	let out = "";
	for (let i = 0; i < mac.length; i++) {
		const c = mac.charCodeAt(i) | 0x20; // lower case of a letter
		if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) out += String.fromCharCode(c);
		else if (c !== 0x3a && c !== 0x2d && c !== 0x20) return undefined; // ":" "-" or nothing between the pairs
	}
	return out.length === 12 && out !== "000000000000" ? out : undefined;
}
