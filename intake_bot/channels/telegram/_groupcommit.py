"""Group commit (issue 16): the updates handled at one moment of the event loop share one
commit, so one disk flush instead of one each; each waits for it before replying.

An update's transaction joins the open group (``CaseService.transaction(grouped=True)``); the
group is committed once the updates ready at that moment have been handled (``call_soon``:
after the callbacks already queued). A reply leaves only once its group is committed; when the
commit fails, every update of the group is told that nothing was saved. A store without group
commits (PostgreSQL, in memory) commits each update as before: there is no group to wait for.
"""

from __future__ import annotations

import asyncio

from intake_bot.cases import CaseService, CommitGroup


def commit_soon(service: CaseService) -> CommitGroup | None:
    """The open group (the one the update just handled joined), its commit asked of the loop
    once; None when there is nothing left to commit."""
    group = service.open_group()
    if group is not None and not group.scheduled:
        group.scheduled = True
        asyncio.get_running_loop().call_soon(service.commit_group, group)
    return group


async def durable(group: CommitGroup | None) -> None:
    """Return once ``group`` is committed; raise the error that lost it."""
    if group is None:
        return
    ended: asyncio.Future = asyncio.get_running_loop().create_future()
    group.when_ended(lambda error: ended.done() or ended.set_result(error))
    error = await ended
    if error is not None:
        raise error
