"""A tiny SMTP server for tests: it accepts every message on 127.0.0.1 and keeps it.

Python 3.11 standard library only (asyncio streams). Speaks just enough SMTP for libcurl:
EHLO/HELO, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT; no TLS, no AUTH.

    sink = SmtpSink().start()          # sink.port is the port it listens on
    ...
    msgs = sink.wait_for(lambda m: m.to == ["a@example.org"])
    sink.stop(); sink.start()          # the same port again: a mail server that was down
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
from dataclasses import dataclass


@dataclass
class Received:
    mail_from: str
    to: list
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()

    def header(self, name: str) -> str | None:
        value = self.message[name]
        return None if value is None else str(value)


class SmtpSink:
    def __init__(self, port: int = 0):
        self.port = port
        self._messages: list[Received] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None

    # ---- life ----

    def start(self) -> "SmtpSink":
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run():
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._session, "127.0.0.1", self.port, reuse_address=True))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the SMTP sink did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        loop, server = self._loop, self._server

        async def shut():
            server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
            loop.stop()

        asyncio.run_coroutine_threadsafe(shut(), loop)
        self._thread.join(10)
        loop.close()
        self._loop = None

    # ---- what arrived ----

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)

    def wait_for(self, predicate, count: int = 1, timeout: float = 30.0) -> list[Received]:
        """Waits until at least `count` messages satisfy predicate; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.messages() if predicate(m)]
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"{len(found)} of {count} expected messages arrived in {timeout}s; all: "
                    + repr([(m.to, m.subject) for m in self.messages()]))
            time.sleep(0.1)

    # ---- SMTP ----

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        async def reply(line: str):
            writer.write((line + "\r\n").encode())
            await writer.drain()

        mail_from, to = "", []
        try:
            await reply("220 sink ESMTP")
            while True:
                line = await reader.readline()
                if not line:
                    return
                command = line.decode("utf-8", "replace").strip()
                verb = command.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    await reply("250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760")
                elif verb == "HELO":
                    await reply("250 sink")
                elif verb == "MAIL":
                    mail_from, to = _address(command), []
                    await reply("250 OK")
                elif verb == "RCPT":
                    to.append(_address(command))
                    await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    raw = await _read_data(reader)
                    with self._lock:
                        self._messages.append(Received(mail_from, list(to), raw))
                    await reply("250 OK: queued")
                elif verb in ("RSET", "NOOP"):
                    mail_from, to = ("", []) if verb == "RSET" else (mail_from, to)
                    await reply("250 OK")
                elif verb == "QUIT":
                    await reply("221 Bye")
                    return
                else:
                    await reply("502 Command not implemented")
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


def _address(command: str) -> str:
    start, end = command.find("<"), command.find(">")
    return command[start + 1:end] if 0 <= start < end else ""


async def _read_data(reader: asyncio.StreamReader) -> bytes:
    lines = []
    while True:
        line = await reader.readline()
        if not line or line in (b".\r\n", b".\n"):
            return b"".join(lines)
        if line.startswith(b".."):
            line = line[1:]
        lines.append(line)
