"""A list that is worked out only when it is first read.

Extraction reads every sentence's dates and names, but most sentences of an article are never asked
about them: only those with a casualty figure and their neighbours are. `Later` puts off the work until
something reads the list (iterates it, indexes it, takes its length or truth), then keeps the result, so
a sentence nobody asks about costs nothing and one asked about twice is read once. The function it is
given must be pure: when it runs cannot change what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


class Later(Sequence[T]):
    __slots__ = ("_make", "_items")

    def __init__(self, make: Callable[[], list[T]]):
        self._make: Callable[[], list[T]] | None = make
        self._items: list[T] | None = None

    def items(self) -> list[T]:
        """The list itself, worked out now if it was not yet."""
        if self._items is None:
            self._items = self._make()
            self._make = None
        return self._items

    def __getitem__(self, index):
        return self.items()[index]

    def __len__(self) -> int:
        return len(self.items())

    def __iter__(self) -> Iterator[T]:
        return iter(self.items())

    def __reversed__(self) -> Iterator[T]:
        return reversed(self.items())

    def __bool__(self) -> bool:
        return bool(self.items())

    def __eq__(self, other) -> bool:
        return self.items() == (other.items() if isinstance(other, Later) else other)

    __hash__ = None  # a list: not hashable

    def __repr__(self) -> str:
        return f"Later({self.items()!r})"
