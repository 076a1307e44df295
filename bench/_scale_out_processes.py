"""The processes of `scale_out.py`: nginx in front of gunicorn instances, and RQ workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from _scale_out_ports import ROOT, free_port

PY = str(ROOT / ".venv" / "bin" / "python")


def nginx_config(work: Path, upstreams: list[int], http_port: int, https_port: int) -> Path:
    """deploy/nginx/foraldrastod.conf with its names filled in, as deploy/checks/https_proxy.sh
    does, and one `server` line per gunicorn instance in the upstream."""
    servers = "; server ".join(f"127.0.0.1:{port}" for port in upstreams)
    site = (ROOT / "deploy/nginx/foraldrastod.conf").read_text()
    for name, value in {
        "@SERVER_NAME@": "localhost",
        "@HTTP_PORT@": f"127.0.0.1:{http_port}",
        "@HTTPS_PORT@": f"127.0.0.1:{https_port}",
        "@TLS_CERTIFICATE@": str(work / "tls.crt"),
        "@TLS_KEY@": str(work / "tls.key"),
        "@UPSTREAM@": servers,
        "@MEDIA_ROOT@": str(work / "media"),
        "/var/log/nginx/": f"{work}/nginx-logs/",
    }.items():
        site = site.replace(name, value)
    (work / "nginx-logs").mkdir(exist_ok=True)
    (work / "site.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    config = work / "nginx.conf"
    config.write_text(
        f"daemon off; pid {work}/nginx.pid; error_log {work}/nginx-logs/error.log;\n"
        f"events {{}}\nhttp {{ {temp} uwsgi_temp_path {work}/uwsgi; "
        f"scgi_temp_path {work}/scgi; include {work}/site.conf; }}\n"
    )
    return config


def start_layout(
    work: Path, instances: int, https_port: int, http_port: int, processes: list
) -> None:
    """Start the gunicorn instances, the RQ workers and nginx; `processes` gets each one as it
    starts, so that the caller stops them whatever happens."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    ports = [free_port() for _ in range(instances)]
    for index, port in enumerate(ports):
        env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
        log = open(work / f"gunicorn-{index}.log", "w")  # noqa: SIM115 - closed with the process
        processes.append(
            subprocess.Popen(  # noqa: S603 - fixed arguments
                [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        worker_log = open(work / f"worker-{index}.log", "w")  # noqa: SIM115
        processes.append(
            subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
                cwd=ROOT,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        )
    config = nginx_config(work, ports, http_port, https_port)
    processes.append(subprocess.Popen([nginx, "-p", str(work), "-c", str(config)]))  # noqa: S603
    import requests

    for port in ports:
        for _ in range(150):
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)


def stop(processes: list) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
