"""Jobs the tests of osmari.core.jobs run: a job must be a module-level function."""

from datetime import timedelta

from osmari.core import jobs

calls: list[str] = []


@jobs.job()
def note(word: str) -> str:
    calls.append(word)
    return word


@jobs.job(retries=2, backoff=timedelta(0))
def always_fails(word: str) -> None:
    calls.append(word)
    raise RuntimeError(f"cannot {word}")


@jobs.job()
def tick() -> None:
    calls.append("tick")


@jobs.job(retries=1, backoff=timedelta(minutes=5))
def fails_then_waits(word: str) -> None:
    calls.append(word)
    raise RuntimeError(f"cannot {word}")
