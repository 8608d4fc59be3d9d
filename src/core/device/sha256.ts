// SHA-256 (FIPS 180-4), streamed: the OTA check hashes a 1.8 MB image as it arrives, chunk by
// chunk, in constant memory. Plain arithmetic on reused typed arrays, so it runs the same on XS
// (no crypto module in the core) and allocates nothing per chunk.

const K: Uint32Array = /* @__PURE__ */ Uint32Array.of(
	0x428a2f98,
	0x71374491,
	0xb5c0fbcf,
	0xe9b5dba5,
	0x3956c25b,
	0x59f111f1,
	0x923f82a4,
	0xab1c5ed5,
	0xd807aa98,
	0x12835b01,
	0x243185be,
	0x550c7dc3,
	0x72be5d74,
	0x80deb1fe,
	0x9bdc06a7,
	0xc19bf174,
	0xe49b69c1,
	0xefbe4786,
	0x0fc19dc6,
	0x240ca1cc,
	0x2de92c6f,
	0x4a7484aa,
	0x5cb0a9dc,
	0x76f988da,
	0x983e5152,
	0xa831c66d,
	0xb00327c8,
	0xbf597fc7,
	0xc6e00bf3,
	0xd5a79147,
	0x06ca6351,
	0x14292967,
	0x27b70a85,
	0x2e1b2138,
	0x4d2c6dfc,
	0x53380d13,
	0x650a7354,
	0x766a0abb,
	0x81c2c92e,
	0x92722c85,
	0xa2bfe8a1,
	0xa81a664b,
	0xc24b8b70,
	0xc76c51a3,
	0xd192e819,
	0xd6990624,
	0xf40e3585,
	0x106aa070,
	0x19a4c116,
	0x1e376c08,
	0x2748774c,
	0x34b0bcb5,
	0x391c0cb3,
	0x4ed8aa4a,
	0x5b9cca4f,
	0x682e6ff3,
	0x748f82ee,
	0x78a5636f,
	0x84c87814,
	0x8cc70208,
	0x90befffa,
	0xa4506ceb,
	0xbef9a3f7,
	0xc67178f2,
);

const INITIAL: readonly number[] = Object.freeze([
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

export const DIGEST_BYTES = 32;

export class Sha256 {
	#h = new Uint32Array(8);
	#w = new Uint32Array(64);
	#block = new Uint8Array(64);
	#used = 0;
	#bytes = 0;
	#digest = new Uint8Array(DIGEST_BYTES);

	constructor() {
		this.reset();
	}

	reset(): void {
		for (let i = 0; i < 8; i++) this.#h[i] = INITIAL[i];
		this.#used = 0;
		this.#bytes = 0;
	}

	/** Hashes bytes[from, to). */
	update(bytes: Uint8Array, from = 0, to = bytes.length): void {
		const block = this.#block;
		this.#bytes += to - from;
		for (let i = from; i < to; i++) {
			block[this.#used++] = bytes[i];
			if (this.#used === 64) {
				this.#compress();
				this.#used = 0;
			}
		}
	}

	/** The digest of everything since reset(), in a buffer reused by the next call; the state is reset. */
	digest(): Uint8Array {
		const bits = this.#bytes * 8;
		const block = this.#block;
		block[this.#used++] = 0x80;
		if (this.#used > 56) {
			block.fill(0, this.#used);
			this.#compress();
			this.#used = 0;
		}
		block.fill(0, this.#used, 56);
		const high = Math.floor(bits / 0x100000000);
		for (let i = 0; i < 4; i++) {
			block[56 + i] = (high >>> (24 - 8 * i)) & 0xff;
			block[60 + i] = (bits >>> (24 - 8 * i)) & 0xff;
		}
		this.#compress();
		const out = this.#digest;
		for (let i = 0; i < 8; i++) {
			const v = this.#h[i];
			out[4 * i] = v >>> 24;
			out[4 * i + 1] = (v >>> 16) & 0xff;
			out[4 * i + 2] = (v >>> 8) & 0xff;
			out[4 * i + 3] = v & 0xff;
		}
		this.reset();
		return out;
	}

	#compress(): void {
		const w = this.#w;
		const b = this.#block;
		for (let i = 0; i < 16; i++) w[i] = (b[4 * i] << 24) | (b[4 * i + 1] << 16) | (b[4 * i + 2] << 8) | b[4 * i + 3];
		for (let i = 16; i < 64; i++) {
			const x = w[i - 15];
			const y = w[i - 2];
			const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
			const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		const h = this.#h;
		let a = h[0],
			c1 = h[1],
			c2 = h[2],
			d = h[3],
			e = h[4],
			f = h[5],
			g = h[6],
			k = h[7];
		for (let i = 0; i < 64; i++) {
			const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
			const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
			const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
			const t2 = (s0 + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
			k = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c2;
			c2 = c1;
			c1 = a;
			a = (t1 + t2) | 0;
		}
		h[0] += a;
		h[1] += c1;
		h[2] += c2;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += k;
	}
}
