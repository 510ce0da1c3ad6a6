"""The embedded broker: kombu's filesystem transport with each message written atomically.

kombu's filesystem transport creates a message file and then writes into it; a worker listing the
queue folder in between takes the still-empty file and stops ("Unrecoverable error:
JSONDecodeError"), which a loaded machine makes likely. Here a message is written under a name no
queue reads and then renamed into place, which is atomic on one file system. Importing this module
registers the transport under the URL scheme ``scoutfs://`` (config/celery.py imports it).
"""
from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

SCHEME = "scoutfs"
EMBEDDED_BROKER_URL = f"{SCHEME}://localhost/"  # a host named, or kombu warns on every connection


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue``: written in full under a hidden name, then renamed."""
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".partial-{uuid.uuid4().hex}")
        try:
            with open(partial, "wb") as fh:
                fh.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def is_embedded(broker_url: str) -> bool:
    """Whether a broker URL is the embedded filesystem broker (which forgets taken messages)."""
    return str(broker_url).startswith((SCHEME, "filesystem"))


TRANSPORT_ALIASES.setdefault(SCHEME, "config.broker:Transport")
