// A real MQTT broker (aedes) for the end-to-end test, in a process of its own so that the test
// can kill it outright and start it again on the same port. Usage: node mqtt-broker.mjs PORT USER
// PASSWORD (PORT 0 picks a free one); prints "listening PORT" once it accepts connections.

import net from "node:net";
import { Aedes } from "aedes";

const [port, user, password] = process.argv.slice(2);
const broker = await Aedes.createBroker({
	authenticate: (_client, username, pass, done) => done(null, username === user && String(pass) === password),
});
const server = net.createServer(broker.handle);
server.listen(Number(port), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
