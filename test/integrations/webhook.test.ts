// The PC host's warning POST against a local HTTP server: the body and its type arrive as sent,
// a refusal and a server that never answers are logged (scheme and host only: the path of an
// ntfy topic or a webhook id is its secret) and counted, and notices that come while one is on
// its way do not pile up: only the newest waits.

import http from "node:http";
import { Webhook } from "../../src/hosts/node/webhook";

interface Received {
	method: string | undefined;
	type: string | undefined;
	path: string | undefined;
	body: string;
}

let server: http.Server;
let base: string;
const received: Received[] = [];
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = "";
		req.on("data", (d: Buffer) => (body += d.toString()));
		req.on("end", () => {
			received.push({ method: req.method, type: req.headers["content-type"], path: req.url, body });
			answer(req, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
	server.closeAllConnections();
	server.close();
});

beforeEach(() => {
	received.length = 0;
	answer = (_req, res) => res.end("ok");
});

function logged(): { warnings: string[]; log: { info: () => void; warn: (m: string) => void } } {
	const warnings: string[] = [];
	return { warnings, log: { info: () => {}, warn: (m: string) => warnings.push(m) } };
}

test("POSTs the body as JSON to the URL", async () => {
	const { warnings, log } = logged();
	const hook = new Webhook(log);
	hook.send(`${base}/api/webhook/piek-123`, '{"event":"peak_warning","active":true}');
	await hook.idle();
	expect(received).toEqual([
		{
			method: "POST",
			type: "application/json",
			path: "/api/webhook/piek-123",
			body: '{"event":"peak_warning","active":true}',
		},
	]);
	expect(hook.counts).toEqual({ sent: 1, failed: 0, last_error: "" });
	expect(warnings).toEqual([]);
});

test("a refusal is logged without the secret path, and counted", async () => {
	answer = (_req, res) => {
		res.statusCode = 404;
		res.end();
	};
	const { warnings, log } = logged();
	const hook = new Webhook(log);
	hook.send(`${base}/geheim-topic`, "{}");
	await hook.idle();
	expect(hook.counts).toEqual({ sent: 0, failed: 1, last_error: "answered 404" });
	expect(warnings).toEqual([`warning.url: POST to ${base} failed (answered 404)`]);
});

test("a server that never answers is given up after the timeout", async () => {
	answer = () => {}; // holds the request
	const { warnings, log } = logged();
	const hook = new Webhook(log, 300);
	hook.send(`${base}/slow`, "{}");
	await hook.idle();
	expect(hook.counts.failed).toBe(1);
	expect(hook.counts.last_error).toBe("no answer in 0.3 s");
	expect(warnings[0]).toContain("no answer");
});

test("nobody listening: logged, counted, nothing thrown", async () => {
	const closed = http.createServer();
	await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", () => resolve()));
	const port = (closed.address() as { port: number }).port;
	await new Promise((resolve) => closed.close(resolve)); // a port that was just free: nobody there
	const { warnings, log } = logged();
	const hook = new Webhook(log);
	hook.send(`http://127.0.0.1:${port}/x`, "{}");
	await hook.idle();
	expect(hook.counts.failed).toBe(1);
	expect(warnings).toEqual([`warning.url: POST to http://127.0.0.1:${port} failed (ECONNREFUSED)`]);
});

test("notices sent while one is on its way: only the newest waits", async () => {
	const { log } = logged();
	const hook = new Webhook(log);
	hook.send(`${base}/a`, '{"n":1}');
	hook.send(`${base}/a`, '{"n":2}');
	hook.send(`${base}/a`, '{"n":3}');
	await hook.idle();
	expect(received.map((r) => r.body)).toEqual(['{"n":1}', '{"n":3}']);
	expect(hook.counts.sent).toBe(2);
});

test("an empty URL sends nothing", async () => {
	const { log } = logged();
	const hook = new Webhook(log);
	hook.send("", "{}");
	await hook.idle();
	expect(received).toEqual([]);
	expect(hook.counts).toEqual({ sent: 0, failed: 0, last_error: "" });
});
