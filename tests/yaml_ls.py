"""A small client of yaml-language-server (the YAML extension of VS Code and other editors) over its stdio protocol.

What an editor shows a person filling in a scorecard: the diagnostics when a file opens, the completions
offered at a place, what picking one inserts, and the hover text.  Used by `tests/test_editor.py`;
`python3 tests/yaml_ls.py FILE…` prints the diagnostics of each file as the editor would underline them.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True, "format": {"enable": False},
                     "schemaStore": {"enable": False}, "schemas": {}}}


def server_command() -> list[str]:
    """$PORTAL_YAML_LS, else `yaml-language-server` on PATH (`npm install -g yaml-language-server@1.25.0`)."""
    found = os.environ.get("PORTAL_YAML_LS") or shutil.which("yaml-language-server") or "yaml-language-server"
    return [found, "--stdio"]


class YamlLanguageServer:
    """One running server; `open(path)` returns the diagnostics it publishes for that file."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(server_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.ids = 0
        self.replies: dict[int, queue.Queue] = {}
        self.diagnostics: dict[str, queue.Queue] = {}
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self.read_messages, daemon=True)
        self.reader.start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {
            "textDocument": {"completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown"]}},
                             "hover": {"contentFormat": ["markdown", "plaintext"]}, "publishDiagnostics": {}},
            "workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    # -- the protocol ------------------------------------------------------------------------------------

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def read_messages(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            if "id" in message and "method" in message:  # the server asks: its settings, or a registration
                items = message.get("params", {}).get("items", [])
                result = [SETTINGS.get(i.get("section", ""), SETTINGS["yaml"]) for i in items] if items else None
                self.send({"id": message["id"], "result": result})
            elif "id" in message:
                self.replies.setdefault(message["id"], queue.Queue()).put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics.setdefault(params["uri"], queue.Queue()).put(params["diagnostics"])

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.ids += 1
        number = self.ids
        self.replies.setdefault(number, queue.Queue())
        self.send({"id": number, "method": method, "params": params})
        reply = self.replies[number].get(timeout=timeout)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    # -- what an editor does --------------------------------------------------------------------------------

    def opened(self, path: Path, text: str | None, timeout: float = 60) -> tuple[str, list[dict[str, Any]]]:
        """Open `text` (else the file's own) as a document beside `path`, under a name of its own: the server
        clears a closed document's diagnostics with a message of its own, which must not be read as the
        next opening's. Returns its uri and the diagnostics shown."""
        self.ids += 1
        uri = path.resolve().with_name(f"{path.stem}~{self.ids}{path.suffix}").as_uri()  # the modeline is relative: same folder
        self.diagnostics.setdefault(uri, queue.Queue())
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri, self.diagnostics[uri].get(timeout=timeout)

    def closed(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def open(self, path: Path, text: str | None = None) -> list[dict[str, Any]]:
        """The diagnostics an editor shows on opening `path` (with `text` instead of its content, if given)."""
        uri, found = self.opened(path, text)
        self.closed(uri)
        return found

    def completions(self, path: Path, text: str, line: int, character: int) -> list[dict[str, Any]]:
        """The completion items offered at (line, character), 0-based, in `text` opened beside `path`."""
        uri, _ = self.opened(path, text)
        result = self.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                          "position": {"line": line, "character": character}})
        self.closed(uri)
        return result["items"] if isinstance(result, dict) else (result or [])

    def hover(self, path: Path, text: str, line: int, character: int) -> str:
        """The hover text at (line, character), 0-based."""
        uri, _ = self.opened(path, text)
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        self.closed(uri)
        return (result or {}).get("contents", {}).get("value", "") if result else ""

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:  # a server that does not stop in time is stopped
            self.process.kill()
            self.process.wait()
        finally:
            self.reader.join(timeout=10)  # it ends at the server's end of output
            self.process.stdin.close()
            self.process.stdout.close()


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths]
    server = YamlLanguageServer(Path.cwd())
    try:
        for path in files:
            found = server.open(path)
            print(f"{path}: {len(found)} diagnostic(s)")
            for item in found:
                start = item["range"]["start"]
                print(f"  {start['line'] + 1}:{start['character'] + 1}: {item['message']}")
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
