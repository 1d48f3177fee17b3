"""R56, the announcements to the presiding screens (issue 26.1): a process announces a poll at
most once per window (``live.WINDOW``) and once more at the window's end when votes came in
meanwhile — a crowd of votes costs the channel layer a few messages a second instead of one
each, and the last vote is never left unannounced."""

from __future__ import annotations

import threading
import time

from lvzhi.voting import live

WAIT = 30.0  # seconds before a test gives up waiting for the sender's thread (never reached)


class _Screen:
    """Records, at each send, how many announcements had been made before it."""

    def __init__(self) -> None:
        self.made = 0
        self.seen: list[int] = []
        self.changed = threading.Condition()

    def announce(self, sender: live._Sender, poll_pk: int = 7) -> None:
        with self.changed:
            self.made += 1
        sender.coalesce(poll_pk, self.send)

    async def send(self) -> None:
        with self.changed:
            self.seen.append(self.made)
            self.changed.notify_all()

    def wait_for(self, made: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: made in self.seen, timeout=WAIT), self.seen


def test_r56_a_burst_of_votes_is_announced_a_few_times_and_the_last_vote_always() -> None:
    sender = live._Sender(window=0.5)
    screen = _Screen()
    for _ in range(200):
        screen.announce(sender)
    screen.wait_for(200)  # the send at the window's end includes the last vote
    assert screen.seen[0] >= 1 and len(screen.seen) < 20, screen.seen
    assert screen.seen == sorted(screen.seen)


def test_r56_a_vote_after_a_quiet_window_is_announced_at_once_by_its_own_send() -> None:
    sender = live._Sender(window=0.05)
    screen = _Screen()
    screen.announce(sender)
    screen.wait_for(1)
    # The window closes with nothing owed: no send at its end, so nothing notifies the screen;
    # look every few milliseconds instead of waiting on its condition.
    give_up = time.monotonic() + WAIT
    while sender.pending() and time.monotonic() < give_up:
        time.sleep(0.005)
    assert not sender.pending()
    screen.announce(sender)
    screen.wait_for(2)
    assert screen.seen == [1, 2]


def test_r56_each_poll_has_its_own_window() -> None:
    sender = live._Sender(window=0.5)
    first, second = _Screen(), _Screen()
    first.announce(sender, 7)
    second.announce(sender, 8)
    first.announce(sender, 7)
    first.wait_for(2)
    second.wait_for(1)
    assert second.seen == [1]
