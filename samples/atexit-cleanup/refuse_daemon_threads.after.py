"""A daemon thread may still write while the program exits: refused (finding)."""
import threading
import time

HEARTBEAT = open("heartbeat.log", "a")


def beat():
    while True:
        HEARTBEAT.write(f"{time.time()}\n")
        time.sleep(1)


threading.Thread(target=beat, daemon=True).start()
