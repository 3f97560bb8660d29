"""`ledger ingest --jobs N`: extraction in worker processes, one writer in the main process.

Reading, decoding and extracting an article is pure CPU work on its own text, so workers do it;
the ledger has one writer (the main process), which stores each article whole (a savepoint of its
own, committed with the others of its group: store.CommitGroup), in the order the inputs were given,
exactly as a sequential ingest would. At most a few chunks per worker are in flight, so memory stays
flat however many files a batch names. Each worker opens the ledger read-only once, to skip texts
already stored without extracting them again.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING


from ledger import edits, ingest, store
from ledger.connection import LedgerDB
from ledger.errors import InputError
from ledger.ingest import Prepared, prepare, store_prepared

if TYPE_CHECKING:  # sqlite-utils is imported only by what needs it (~0.15 s)
    from sqlite_utils import Database

_CHUNK = 8  # articles per task: amortises the trip to the worker and back
_PARENT_CHECK_S = 0.5
_IN_FLIGHT_PER_JOB = 3  # chunks queued per worker: keeps both busy without piling up results


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def expand(args: Iterable[str]) -> list:
    """The inputs of a batch, folders expanded (paths, and InputError / Note items in place)."""
    return list(ingest.expand_paths(args))


def file_count(items: list) -> int:
    return sum(1 for item in items if isinstance(item, str))


def ingest_items(
    db: Database,
    db_path: Path,
    items: list,
    published: date | None = None,
    force: bool = False,
    max_bytes: int | None = ingest.MAX_BYTES,
    jobs: int = 1,
) -> Iterator[ingest.Outcome]:
    """The outcome of every item, in order, extracting on `jobs` processes when there are files
    enough to share. Each article is stored whole or not at all; articles are committed in groups
    (store.CommitGroup) and their outcomes given once their group is committed."""
    actors = edits.user_actors(db)
    group, done = store.CommitGroup(db), []
    try:
        for item, prepared in _prepared(items, published, force, max_bytes, jobs, db_path, actors, tell_waits=True):
            # The group stays open only while articles are ready to store: not while the main process
            # reads or extracts one itself (stdin, --jobs 1, a large text), nor while it waits for the
            # workers, so that another writer never waits on a slow read.
            if item is not _WAITING and prepared is not None:
                group.open()
                done.append(_outcome(db, item, prepared, published, force, max_bytes))
                if not group.due():
                    continue
            group.commit()
            yield from done
            done.clear()
            if item is not _WAITING and prepared is None:
                yield _outcome(db, item, prepared, published, force, max_bytes)
        group.commit()
    finally:
        group.roll_back()  # an error or Ctrl-C: the group's articles, not yet reported, are not kept
    yield from done


def extract_items(
    items: list, published: date | None = None, jobs: int = 1, max_bytes: int | None = ingest.MAX_BYTES
) -> Iterator[Prepared]:
    """Every file of `items` read and extracted (no ledger), in order; errors as Prepared.error."""
    for item, prepared in _prepared(items, published, True, max_bytes, jobs, None, ()):
        if isinstance(item, InputError):
            yield Prepared(item.path, error=item.reason)
        elif not isinstance(item, str):  # a Note about files a folder holds that are not articles
            yield Prepared(item.path, warnings=[item.text])
        else:
            yield prepared or prepare(item, published, True, max_bytes, stream=True)  # a large text streams


_WAITING = object()  # _prepared's item when the next results are not ready yet


def _prepared(items: list, published, force, max_bytes, jobs: int, db_path, actors,
              tell_waits: bool = False) -> Iterator[tuple]:  # fmt: skip
    """(item, Prepared or None) for every item in order; files are prepared on `jobs` worker
    processes, unless there are too few to share; stdin, errors and notes get None. With
    `tell_waits`, (_WAITING, None) comes before a wait for the workers."""
    files = [i for i in items if _is_file(i)]
    if jobs <= 1 or len(files) < 2:
        yield from ((item, None) for item in items)
        return
    _warm_up()  # forked workers inherit the built lexicon tables
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = context.Pool(jobs, initializer=_open_reader, initargs=(db_path, actors, os.getpid()))
    try:
        window: deque[tuple[list, AsyncResult]] = deque()
        for chunk in _chunks(items, _CHUNK):
            paths = [i for i in chunk if _is_file(i)]
            window.append((chunk, pool.apply_async(_prepare_many, (paths, published, force, max_bytes))))
            if len(window) >= jobs * _IN_FLIGHT_PER_JOB:
                yield from _pair(*window.popleft(), tell_waits)
        while window:
            yield from _pair(*window.popleft(), tell_waits)
    except BaseException:  # Ctrl-C, an error, or the consumer stopping early: no worker outlives us
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _is_file(item) -> bool:
    return isinstance(item, str) and item != ingest.STDIN


def _pair(chunk: list, result: AsyncResult, tell_waits: bool = False) -> Iterator[tuple]:
    if tell_waits and not result.ready():
        yield _WAITING, None
    prepared = iter(result.get())
    for item in chunk:
        yield item, next(prepared) if _is_file(item) else None


def _outcome(db, item, prepared: Prepared | None, published, force, max_bytes) -> ingest.Outcome:
    """The outcome of `item`, using the worker's `prepared` when there is one."""
    if isinstance(item, InputError):
        return ingest.Outcome(item.path, error=item.reason)
    if not isinstance(item, str):  # a Note about files a folder holds that are not articles
        return ingest.Outcome(item.path, note=item.text)
    if prepared is None:
        return ingest.ingest_one(db, item, published, force, None, max_bytes)
    return store_prepared(db, prepared, force)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _warm_up() -> None:
    from ledger.extract.warm import warm_up  # the patterns a batch needs, compiled once for all workers

    warm_up()


# Worker-process state: its read-only connection to the ledger, opened once by the initializer.
_reader: dict = {}


def _open_reader(db_path: Path | None, actors: tuple, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process stops the batch (its transaction
    # rolls back) and ends the pool; workers ignoring it print no KeyboardInterrupt tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _reader["db"] = LedgerDB(db_path) if db_path is not None and Path(db_path).exists() else None
    _reader["actors"] = actors
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A killed main process (SIGKILL) cannot end its pool: each worker ends itself instead."""
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_S)
    os._exit(1)


def _prepare_many(paths: list[str], published, force, max_bytes) -> list[Prepared]:
    return [prepare(path, published, force, max_bytes, _reader["db"], _reader["actors"]) for path in paths]
