"""honcho with a stop grace period that fits the Celery worker: `make run` starts the processes of
platform/Procfile through this, with honcho's own arguments.

honcho sends SIGTERM to every process on Ctrl-C and SIGKILL to those still running five seconds
later, a wait it hard-codes (honcho.manager.KILL_WAIT) and offers no option for. A Celery worker's
cold shutdown on the first-run filesystem transport takes about six seconds on a busy two-core
machine (it finishes its two-second poll of the queues, joins its pool processes and stops its
timer, a second each), so it was SIGKILLed: the five seconds are raised here, and nothing else of
honcho is changed. https://github.com/nickstenning/honcho/blob/main/honcho/manager.py
"""

import sys

import honcho.manager
from honcho.command import main

STOP_GRACE_SECONDS = 30

honcho.manager.KILL_WAIT = STOP_GRACE_SECONDS

if __name__ == "__main__":
    sys.exit(main())
