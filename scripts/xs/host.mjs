// The tiny command protocol between code running inside XS and this Node process.
// XS has no file system and no console; it calls the global `issueCommand(ArrayBuffer)`
// (synchronous, answered by the worker's onCommand in Node). A message is
// "<kind>\n<payload>", UTF-8. Kinds: "read" (payload: a path relative to the repo root; the
// reply is a status byte, 0 = ok, followed by the file's bytes or an error text) and
// "result" (payload: whatever the driver reports; the reply is empty).

import { readFileSync } from "node:fs";
import path from "node:path";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Defines globalThis.__xsHost inside XS: the XsHost the cases receive. */
export const XS_HOST_SCRIPT = `
globalThis.__xsHost = (() => {
	const encoder = new TextEncoder();
	const decoder = new TextDecoder();
	const send = (kind, text) => {
		const bytes = encoder.encode(kind + "\\n" + text);
		return new Uint8Array(issueCommand(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
	};
	return {
		read(path) {
			const reply = send("read", path);
			if (reply[0] !== 0) throw new Error(decoder.decode(reply.subarray(1)));
			return reply.slice(1);
		},
		send,
	};
})();
`;

/** The XsHost of the Node side: same answers, read directly. */
export function nodeHost(root) {
	return { read: (file) => new Uint8Array(readFileSync(path.resolve(root, file))) };
}

/** Node's half of the protocol; `onResult(payloadBytes)` gets every "result" message. */
export function makeCommandHandler({ root, onResult }) {
	return (message) => {
		const nl = message.indexOf(10);
		const kind = decoder.decode(message.subarray(0, nl < 0 ? message.length : nl));
		const payload = nl < 0 ? new Uint8Array(0) : message.subarray(nl + 1);
		if (kind === "read") {
			try {
				const data = readFileSync(path.resolve(root, decoder.decode(payload)));
				const reply = new Uint8Array(data.length + 1);
				reply.set(data, 1);
				return reply;
			} catch (error) {
				const text = encoder.encode(String(error?.message ? error.message : error));
				const reply = new Uint8Array(text.length + 1);
				reply[0] = 1;
				reply.set(text, 1);
				return reply;
			}
		}
		if (kind === "result") {
			onResult(payload);
			return new Uint8Array(0);
		}
		throw new Error(`unknown command from xs: ${kind}`);
	};
}
