"""One state with one integer, one page with one button: nothing else.

And the least a live update between tabs costs in Reflex itself (bench/wakefloor.py):
`bump` in one tab tells every other tab that joined the new count, each through
`app.modify_state` (Reflex's own way to change a tab's state from outside its events:
its lock, its delta, the emit), as Min plan's live updates wake the tabs of a plan.
"""

import asyncio

import reflex as rx

_TABS: set[str] = set()  # the tabs that joined (bench/wakefloor.py)
_TASKS: set[asyncio.Task] = set()


class State(rx.State):
    count: int = 0
    seen: int = 0  # the last count another tab made, as told to this one
    joined: bool = False

    @rx.event
    def increment(self):
        self.count += 1

    @rx.event
    def join(self):
        _TABS.add(self.router.session.client_token)
        self.joined = True

    @rx.event
    def bump(self):
        self.count += 1
        me = self.router.session.client_token
        for tab in _TABS - {me}:
            t = asyncio.create_task(_tell(tab, self.count))
            _TASKS.add(t)
            t.add_done_callback(_TASKS.discard)


async def _tell(tab: str, count: int) -> None:
    async with app.modify_state(rx.BaseStateToken(ident=tab, cls=State)) as root:
        (await root.get_state(State)).seen = count


def index() -> rx.Component:
    return rx.box(
        rx.heading(State.count, id="count"),
        rx.button("Increment", on_click=State.increment),
    )


app = rx.App()
app.add_page(index, route="/")
