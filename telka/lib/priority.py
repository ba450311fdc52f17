"""Background processes give way to the web servers for the CPU.

The task worker renders (and seals) receipt PDFs; during a deadline rush on a small
machine that work would take CPU time the web servers need to register submissions.
`yield_cpu` lowers the calling process's priority so the receipts queue up and go out
as soon as the CPU is free; nothing is lost, the applicant's confirmation on screen
does not wait for them.

Two levers, because on Linux `nice` alone is not enough: with automatic process
grouping (sched_autogroup, on by default on desktop and many server kernels) the
scheduler first shares the CPU fairly between sessions, and a process's nice value
only ranks it among the processes of its own session. A worker started in its own
session (systemd, `setsid`, a process supervisor) is a group of its own, so its
group's nice value (/proc/self/autogroup) is lowered too. A worker sharing its
session with other processes (a shell script that also starts the web server) leaves
the group alone, which would slow the web server down as well; there its own nice
value already ranks it below its neighbours. Under systemd with the cpu controller
the services' cgroups decide instead: CPUWeight= on the worker's unit
(docs/deployment.md).
"""

import logging
import os
import time
from pathlib import Path

logger = logging.getLogger(__name__)

AUTOGROUP = Path("/proc/self/autogroup")
LOWEST = 19  # the highest nice value: the lowest priority


def yield_cpu(nice: int) -> None:
    """Run this process (and its session's autogroup, when it leads its session) at
    nice value `nice`, never raising its priority; 0 or less leaves it as it is.
    Failures (another OS, a read-only /proc) are logged at debug level and ignored."""
    nice = min(nice, LOWEST)
    if nice <= 0:
        return
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < nice:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
    except (AttributeError, OSError) as error:
        logger.debug("Cannot lower the process priority to nice %s: %s", nice, error)
    try:
        leads_session = os.getsid(0) == os.getpid()
    except (AttributeError, OSError):
        leads_session = False
    if not leads_session:
        logger.debug("Not a session leader: its autogroup is shared, left as it is")
        return
    _lower_autogroup(nice)


def _lower_autogroup(nice: int) -> None:
    """Set this session's autogroup to `nice` unless it is already lower in priority.
    The kernel refuses a second change within 0.1 s to unprivileged users: one retry."""
    try:
        current = int(AUTOGROUP.read_text().split()[-1])  # "/autogroup-42 nice 0"
    except (OSError, ValueError, IndexError) as error:
        logger.debug("No autogroup to lower (%s): %s", AUTOGROUP, error)
        return
    if current >= nice:
        return
    for attempt in range(2):
        try:
            AUTOGROUP.write_text(f"{nice}\n")
            return
        except BlockingIOError:
            if attempt == 0:
                time.sleep(0.11)
        except OSError as error:
            logger.debug("Cannot lower the autogroup to nice %s: %s", nice, error)
            return
    logger.debug("The kernel kept refusing to lower the autogroup (rate limit)")
