// The dashboard's gzipped files, built into the firmware as data (manifest "data": build/web/*)
// and read in place with Resource: no RAM, updated with the firmware. mcrez keeps only the file
// name, so "app.0123456789.js" is the resource "app.0123456789.js.gz".

import Resource from "Resource";

const GZ = ".gz";

/** A dashboard file by name, over the firmware's bytes; undefined when the build has none of that name. */
export function webAsset(name: string): Uint8Array | undefined {
	// names come from the request: nothing that could name another resource than a .gz file
	if (name.length === 0 || name.indexOf("/") >= 0) return undefined;
	const resource = name + GZ;
	if (!Resource.exists(resource)) return undefined;
	return new Uint8Array(new Resource(resource));
}
