// Every row of the route table, every method it serves, with no login, a wrong one and the right
// one. Generated from ROUTES, so a route added later is in the matrix without touching this file.

import { handle } from "../../src/core/api/handle";
import { ROUTES, type Route } from "../../src/core/api/routes";
import type { ApiRequest } from "../../src/core/api/types";
import { basic, fakeContext, get, SSID, WIFI_PASSWORD } from "./fake-context";

/** A path the row serves: a prefix row gets a file that exists below it. */
function pathOf(row: Route): string {
	return row.prefix ? row.path + "2026/year.json" : row.path;
}

function request(row: Route, method: string, authorization: string | undefined): ApiRequest {
	const r = get(pathOf(row), authorization, method);
	if (method === "POST" || method === "PUT" || method === "DELETE") {
		r.headers["content-type"] = row.accepts;
		r.body = new TextEncoder().encode(row.accepts === "application/json" ? "{}" : "\u0000firmware");
	}
	return r;
}

const CASES: [string, string, Route][] = [];
for (const row of ROUTES) for (const method of row.methods) CASES.push([method, pathOf(row), row]);

const LOGINS: [string, string | undefined, boolean][] = [
	["no login", undefined, false],
	["a wrong password", basic(SSID, `${WIFI_PASSWORD}!`), false],
	["a wrong user", basic(`${SSID}x`, WIFI_PASSWORD), false],
	["the right login", basic(SSID, WIFI_PASSWORD), true],
];

test("the matrix covers every row of the table, the settings and the update route included", () => {
	const paths = new Set(CASES.map(([, path]) => path));
	expect(paths.size).toBe(ROUTES.length);
	expect(paths.has("/v1/settings")).toBe(true);
	expect(paths.has("/update")).toBe(true);
	expect(CASES.some(([method, path]) => method === "POST" && path === "/v1/settings")).toBe(true);
});

describe.each(CASES)("%s %s", (method, _path, row) => {
	test.each(LOGINS)("with %s", (_name, authorization, right) => {
		const context = fakeContext();
		const response = handle(request(row, method, authorization), context);
		if (right || row.open)
			expect(response.status).not.toBe(401); // an open row (HomeWizard's API) needs none
		else {
			expect(response.status).toBe(401);
			expect(response.headers["www-authenticate"]).toBe('Basic realm="digimon"');
		}
	});
});
