// Where the sun stands over Brussels and how much of it reaches a south-facing roof on a clear
// day. Low-precision solar formulas (about 0.01 degree), plenty for a household simulation.

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { PI, asin, atan2, cos, pow, sin, sqrt, tan } = Math;

const RAD = PI / 180;
const LAT = 50.85 * RAD;
const LON = 4.35; // degrees east
const J2000 = 946728000000; // 2000-01-01T12:00:00Z
const TILT = 35 * RAD; // a typical Flemish pitched roof

/** Clear-sky irradiance on a 35 degree south-facing panel, W/m2, split into beam and diffuse parts. */
export interface Irradiance {
	beam: number;
	diffuse: number;
	/** Sine of the solar elevation (negative at night). */
	elevationSin: number;
	/** Solar declination and hour angle, radians (scratch for the azimuth). */
	declination: number;
	hourAngle: number;
}

export function newIrradiance(): Irradiance {
	return { beam: 0, diffuse: 0, elevationSin: 0, declination: 0, hourAngle: 0 };
}

/** Fills the sun's position only (elevationSin, declination, hourAngle). */
export function sunPosition(utcMs: number, out: Irradiance): Irradiance {
	const d = (utcMs - J2000) / 86400000;
	const g = (357.528 + 0.9856003 * d) * RAD;
	const lambda = (280.46 + 0.9856474 * d + 1.915 * sin(g) + 0.02 * sin(2 * g)) * RAD;
	const eps = (23.439 - 0.0000004 * d) * RAD;
	const sinDec = sin(eps) * sin(lambda);
	const ra = atan2(cos(eps) * sin(lambda), cos(lambda));
	const gmst = 280.46061837 + 360.98564736629 * d;
	out.declination = asin(sinDec);
	out.hourAngle = (gmst + LON) * RAD - ra;
	out.elevationSin = sin(LAT) * sinDec + cos(LAT) * cos(out.declination) * cos(out.hourAngle);
	return out;
}

export function clearSky(utcMs: number, out: Irradiance): Irradiance {
	sunPosition(utcMs, out);
	const sinEl = out.elevationSin;
	if (sinEl <= 0.01) {
		out.beam = 0;
		out.diffuse = 0;
		return out;
	}
	const elDeg = asin(sinEl) / RAD;
	const airMass = 1 / (sinEl + 0.50572 * pow(elDeg + 6.07995, -1.6364));
	const dni = 1353 * pow(0.7, pow(airMass, 0.678));
	const cosEl = sqrt(1 - sinEl * sinEl);
	const h = out.hourAngle;
	const az = atan2(sin(h), cos(h) * sin(LAT) - tan(out.declination) * cos(LAT)); // from south, + west
	const cosInc = sinEl * cos(TILT) + cosEl * sin(TILT) * cos(az);
	out.beam = cosInc > 0 ? dni * cosInc : 0;
	// Sky diffuse on the tilted plane plus a little ground reflection.
	out.diffuse = dni * sinEl * ((0.1 * (1 + cos(TILT))) / 2 + (0.2 * 0.2 * (1 - cos(TILT))) / 2);
	return out;
}
