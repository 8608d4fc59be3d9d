// Writing to one of the SDK's legacy TCP sockets without a queue of our own. `write()` with no
// argument says how many bytes the socket takes now: on lwIP (the device) the free part of the
// connection's send buffer, on lin the free part of a 1 KB staging buffer it hands to the kernel
// at once. A write larger than that throws, so longer messages go in pieces; when the socket
// takes nothing more, part of the message is already out and the connection must end.

/** What the helpers need of a socket (the SDK's TCPSocket, a fake in the tests). */
export interface WritableSocket {
	write(): number;
	write(data: ArrayBuffer | Uint8Array): void;
}

/** Hands all of `bytes` to `socket`; throws when it stops taking them (close the connection then). */
export function writeAll(socket: WritableSocket, bytes: Uint8Array): void {
	const n = bytes.length;
	let at = 0;
	while (at < n) {
		const room = socket.write();
		if (!(room > 0)) throw new Error("socket full");
		const k = room < n - at ? room : n - at;
		socket.write(at === 0 && k === n ? bytes : bytes.subarray(at, at + k));
		at += k;
	}
}
