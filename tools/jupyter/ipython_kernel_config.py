"""Settings of every kernel of the project's environment (`make env` installs this file as
.venv/etc/ipython/ipython_kernel_config.py).

ipykernel warns at every start that its channels run over TCP without encryption. Where the project
starts kernels itself it avoids the cause: the kernel manager gives the kernel CurveZMQ keys
(`ucj.reports.execute`, and Lab's server through tools/jupyter/jupyter_server_config.json), and the
kernel has nothing to warn about. A kernel started by a tool the project cannot configure (a plain
`papermill` run, nbval) still listens on 127.0.0.1 only and checks every message's signature; for
those, this one message is dropped, and nothing else the kernel logs.
"""

import logging


class WithoutTheUnencryptedTcpWarning(logging.Filter):
    """Drops ipykernel's "Kernel is running over TCP without encryption" warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Kernel is running over TCP without encryption")


c = get_config()  # noqa: F821 (defined by IPython when it loads this file)
c.IPKernelApp.logging_config = {
    "filters": {"without_unencrypted_tcp_warning": {"()": WithoutTheUnencryptedTcpWarning}},
    "loggers": {"IPKernelApp": {"filters": ["without_unencrypted_tcp_warning"]}},
}
