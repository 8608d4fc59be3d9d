// Requests that change state: a JSON body (the API refuses other media types on a change) from the
// page's own origin, so the browser sends the Origin the API accepts and the login it has cached.

/** An answer read as far as it goes: status 0 when the device was not reached. */
export interface Sent {
	status: number;
	body: Record<string, unknown>;
}

export async function postJson(path: string, value: unknown): Promise<Sent> {
	let response: Response;
	try {
		response = await fetch(location.origin + path, {
			method: "POST",
			credentials: "same-origin",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(value),
		});
	} catch {
		return { status: 0, body: {} };
	}
	let body: unknown;
	try {
		body = await response.json();
	} catch {
		body = {};
	}
	return {
		status: response.status,
		body: typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {},
	};
}
