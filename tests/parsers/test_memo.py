"""The parsers' bounded cache: one call per argument while it fits, never more than its size."""

from __future__ import annotations

from ingest.parsers.memo import bounded_cache


def test_a_result_is_computed_once_and_the_table_never_exceeds_its_size() -> None:
    calls: list[str] = []

    @bounded_cache(3)
    def shout(text: str, *, times: int = 1) -> str:
        calls.append(text)
        return text.upper() * times

    assert [shout("a"), shout("a"), shout("b"), shout("a", times=2)] == ["A", "A", "B", "AA"]
    assert calls == ["a", "b", "a"]  # the keyword makes another entry
    assert shout.cache_info().currsize == 3
    assert shout("c") == "C"  # a miss on a full table empties it first
    assert shout.cache_info().currsize == 1
    assert shout("a") == "A" and calls[-2:] == ["c", "a"]  # computed again, the same result
    assert shout.__name__ == "shout" and shout.__doc__ is None
