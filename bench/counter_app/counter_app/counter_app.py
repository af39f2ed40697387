"""One state with one integer, one page with one button: nothing else."""

import reflex as rx


class State(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1


def index() -> rx.Component:
    return rx.box(
        rx.heading(State.count, id="count"),
        rx.button("Increment", on_click=State.increment),
    )


app = rx.App()
app.add_page(index, route="/")
