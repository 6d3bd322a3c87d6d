#!/usr/bin/env python3
"""A git smart-HTTP server for tests: `git http-backend` (CGI) behind HTTP basic auth.

Usage: git-http-server.py PROJECT_ROOT USER PASSWORD_ENV_VAR
Binds 127.0.0.1 on a free port and prints the port on stdout. Every request needs
`Authorization: Basic base64(USER:password)`, where the password is read from the environment
variable named by PASSWORD_ENV_VAR (so it never appears in a command line). Each request's
authorization outcome is appended to PROJECT_ROOT/auth.log (never the credentials).
"""
import base64
import http.server
import os
import subprocess
import sys

ROOT, USER, PASSWORD_VAR = sys.argv[1], sys.argv[2], sys.argv[3]
EXPECTED = "Basic " + base64.b64encode(f"{USER}:{os.environ[PASSWORD_VAR]}".encode()).decode()
BACKEND = subprocess.run(["git", "--exec-path"], capture_output=True, text=True).stdout.strip() + "/git-http-backend"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def _log(self, outcome):
        with open(os.path.join(ROOT, "auth.log"), "a") as log:
            log.write(f"{self.command} {self.path.split('?')[0]} {outcome}\n")

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self):
        if self.headers.get("Authorization") != EXPECTED:
            self._log("401")
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._log("ok")
        path, _, query = self.path.partition("?")
        env = dict(os.environ)
        env.pop(PASSWORD_VAR, None)
        env.update({
            "GIT_PROJECT_ROOT": ROOT, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
            "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": USER,
            "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "GIT_HTTP_RECEIVE_PACK": "1",
        })
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        body = self._body() if self.command == "POST" else b""
        env["CONTENT_LENGTH"] = str(len(body))
        out = subprocess.run([BACKEND], input=body, env=env, capture_output=True).stdout
        separator = b"\r\n\r\n" if b"\r\n\r\n" in out else b"\n\n"
        head, _, payload = out.partition(separator)
        status = 200
        headers = []
        for line in head.decode("latin-1").replace("\r\n", "\n").split("\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _handle
    do_POST = _handle


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
