"""The thread-pool helper delivers results, errors and progress on the GUI thread; the
film list says plainly when a film cannot be played."""

from __future__ import annotations

import threading

from screeningroom.vault.model import LibraryStatus


def test_run_task_off_the_gui_thread_delivers_on_it(qtbot) -> None:
    from screeningroom.ui.tasks import TaskRunner

    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work(progress):
        seen["worker"] = threading.get_ident()
        progress(1, 2)
        return 42

    runner.run(work, lambda value: seen.update(result=value, done_on=threading.get_ident()),
               lambda exc: seen.update(error=exc),
               lambda done, total: seen.update(progress=(done, total)))
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42 and seen["done_on"] == gui and seen["worker"] != gui
    assert seen["progress"] == (1.0, 2.0)

    def fails(progress):
        raise ValueError("no")

    runner.run(fails, lambda value: None, lambda exc: seen.update(error=exc))
    qtbot.waitUntil(lambda: "error" in seen)
    assert isinstance(seen["error"], ValueError)
    assert runner.wait()


def test_list_marks_films_that_cannot_be_played(window, login, fakes) -> None:
    fakes.entries = [
        fakes.make_entry("film-3", "Altyn Kyran", LibraryStatus.EXPIRED),
        fakes.make_entry("film-4", "Kok Tobe", LibraryStatus.PLAYABLE, max_sessions=2),
        fakes.make_entry("film-5", "Zhetisu", LibraryStatus.NO_LICENSE),
    ]
    fakes.registry.used["lic-film-4"] = 2
    login(window)
    table = window.film_list.table
    status = {table.item(r, 0).text(): table.item(r, 7).text() for r in range(3)}
    assert status == {"Altyn Kyran": "Expired", "Kok Tobe": "Sessions used up",
                      "Zhetisu": "No license"}
    assert table.item(1, 6).text() == "0 of 2"


def test_film_without_license_says_so(window, login, fakes) -> None:
    import dataclasses

    entry = fakes.make_entry("film-5", "Zhetisu", LibraryStatus.NO_LICENSE)
    fakes.entries = [dataclasses.replace(entry, license=None, valid_from=None, valid_until=None)]
    login(window)
    assert window.film_list.table.item(0, 6).text() == "0 of 0"
    window.film_list.play.click()
    assert window.refusal_dialog.refusal.code == "no-license"
    assert "Zhetisu" in window.refusal_dialog.happened.text()
    assert "station import" in window.refusal_dialog.todo.text()
    assert fakes.registry.refusals[0][0] == "no-license" and not fakes.open_calls


def test_a_film_whose_license_does_not_name_the_member_is_not_ready(window, login,
                                                                    fakes) -> None:
    import dataclasses

    entry = fakes.make_entry("film-6", "Saryarka", LibraryStatus.PLAYABLE)
    other = dataclasses.replace(entry.license, members=("someone.else",))
    fakes.entries = [dataclasses.replace(entry, license=other),
                     fakes.make_entry("film-7", "Tengri", LibraryStatus.PLAYABLE)]
    login(window)
    table = window.film_list.table
    status = {table.item(r, 0).text(): table.item(r, 7).text() for r in range(2)}
    assert status == {"Saryarka": "Not on your license", "Tengri": "Ready"}
