// One request in, one response out. The order is the security argument: refuse what is malformed,
// then anyone without the login, and only then look up what was asked for (so a stranger learns
// nothing, not even which paths exist). The one exception is a row marked `open` (HomeWizard's
// API, public by design): it is looked up first and needs no login; and the setup routes of a
// device in first setup (auth.ts setupOpen). What another site could make
// a browser send (a foreign Host or Origin) is refused before the login too: see cross-site.ts.

import { serveAsset } from "./assets";
import { authorize, setupOpen } from "./auth";
import { isChunkSource } from "./chunks";
import { changesState, isContentType, isOwnHost, isOwnOrigin } from "./cross-site";
import { errorResponse } from "./responses";
import { findRoute } from "./routes";
import { checkHeaders, parseTarget } from "./target";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

const NO_NAMES: readonly string[] = Object.freeze([]);

export function handle(request: ApiRequest, context: ApiContext): ApiResponse {
	try {
		const response = respond(request, context);
		if (request.method === "HEAD") {
			if (isChunkSource(response.body)) response.body.close(); // nothing of it is sent
			response.body = ""; // content-length stays that of the GET, as HEAD requires
		}
		return response;
	} catch {
		return errorResponse(500); // the message could name a path or worse; it stays inside
	}
}

function respond(request: ApiRequest, context: ApiContext): ApiResponse {
	const tooLarge = checkHeaders(request.headers);
	if (tooLarge !== 0) return errorResponse(tooLarge);
	const path = parseTarget(request.target);
	if (typeof path === "number") return errorResponse(path);
	const host = request.headers.host;
	if (host !== undefined && !isOwnHost(host, context.config().network.device_name, context.hostNames?.() ?? NO_NAMES))
		return errorResponse(421);
	const unsafe = changesState(request.method);
	const origin = request.headers.origin;
	if (unsafe && origin !== undefined && !isOwnOrigin(origin, host)) return errorResponse(403); // before the login, so it costs the throttle nothing
	const asset = serveAsset(path, request, context); // the dashboard's files hold no data: no login
	if (asset !== undefined) return asset;
	const route = findRoute(path);
	if (route?.open) return route.run(path, context, request); // public by design: see Route.open
	const refused = route?.setup === true && setupOpen(context) ? undefined : authorize(request, context);
	if (refused !== undefined) return refused;
	if (route === undefined) return errorResponse(404);
	if (route.methods.indexOf(request.method) < 0) {
		const response = errorResponse(405);
		response.headers.allow = route.allow;
		return response;
	}
	if (unsafe && !isContentType(request.headers["content-type"], route.accepts)) return errorResponse(415);
	return route.run(path, context, request);
}
