// The typing of module "sdk/mqtt": the SDK's legacy MQTT client ($MODDABLE/modules/network/mqtt/
// mqtt.js, mapped under this name so that it is never confused with the npm package "mqtt" the PC
// host uses), which has no typing of its own: what this host uses of it. QoS 0 only; `Socket`
// replaces the TCP socket class. mcconfig finds it through the manifest's "sdk/*" (a .d.ts
// mapped to a module name types that module), scripts/typecheck-moddable.ts by its path.

export interface MqttClientOptions {
	host: string;
	port?: number;
	id?: string;
	user?: string;
	password?: string;
	/** Keepalive, ms: a PINGREQ every quarter of it, closed after 1.5 times it without a word from the broker. */
	timeout?: number;
	will?: { topic: string; message: string | ArrayBuffer; retain?: boolean; quality?: number };
	/** Constructed as `new Socket({host, port, secure})`; gets `callback`, `read`, `write`, `close` calls. */
	Socket?: new (options: {
		host: string;
		port: number;
		secure?: unknown;
	}) => object;
}

export default class Client {
	constructor(options: MqttClientOptions);
	/** Throws "connection closed" before CONNACK and after the end; a socket's write errors pass through. */
	publish(topic: string, data: string | ArrayBuffer, flags?: { retain?: boolean; quality?: number }): void;
	close(immediate?: boolean): void;
	/** Ends the connection: traces "MQTT FAIL: <why>", calls onClose, closes. */
	fail(why?: string): void;
	onReady?: () => void;
	onClose?: () => void;
}
