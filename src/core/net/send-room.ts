// Whether a connection takes a message now: the one rule by which every transport of the monitor
// (MQTT, the raw telegram port, on a PC and on the device) avoids queueing without bound. A
// socket's own send buffer is the only queue; a message goes out when it fits in the room left.
// One larger than the buffer could ever hold (lin's socket stages 1 KB) goes out when the buffer
// is empty, in pieces the socket takes at once, or not at all.

/** True when `bytes` can be handed to a connection with `room` bytes free of its `capacity` now. */
export function takesNow(room: number, capacity: number, bytes: number): boolean {
	return room >= bytes || (room > 0 && room >= capacity);
}
