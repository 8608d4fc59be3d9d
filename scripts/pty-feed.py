# A pseudo-terminal for the simulator's P1 serial port: links its slave end at argv[1], prints
# "ready", then copies stdin to the master end. Node has no pty API; this is the whole helper.
# At the end of stdin it keeps the master open until it is stopped, so the reader never sees a
# hang-up (which would make the simulator's poll loop spin).

import os
import signal
import sys
import tty

master, slave = os.openpty()
tty.setraw(slave)  # no echo, no line discipline: bytes pass as they are
link = sys.argv[1]
if os.path.lexists(link):
    os.unlink(link)
os.symlink(os.ttyname(slave), link)
print("ready", flush=True)

stdin = sys.stdin.buffer
while True:
    data = stdin.read1(65536)
    if not data:
        break
    view = memoryview(data)
    while view:
        view = view[os.write(master, view):]

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    signal.pause()
