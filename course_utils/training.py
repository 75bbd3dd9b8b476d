"""What every training loop in the course shares.

* :class:`History`: the one record of a training run. The NumPy network, the
  playground, the optimizers on a surface, the spreadsheet model, Keras'
  ``fit`` and the hand-written PyTorch loop all report their numbers in it.

``history["loss"]`` is an array with one value per record (usually per
epoch); ``history.record(loss=..., val_loss=...)`` adds one. Names follow
Keras (``loss``, ``val_loss``, ``accuracy``, ``val_accuracy``), so a Keras
``History`` converts without renaming (:meth:`History.from_keras`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from . import _validate as v

__all__ = ["History"]


class History(Mapping):
    """Named series of numbers, one value per record (epoch or step).

    Parameters
    ----------
    **series : sequence of float
        Optional starting series, all of the same length,
        e.g. ``History(loss=[0.9, 0.5])``.

    Examples
    --------
    >>> h = History()
    >>> h.record(loss=0.9, val_loss=1.0)
    >>> h.record(loss=0.5, val_loss=0.7)
    >>> h["loss"]
    array([0.9, 0.5])
    >>> len(h), h.best("val_loss")
    (2, 1)
    """

    def __init__(self, **series: Any) -> None:
        self._series: dict[str, list[float]] = {}
        self.info: dict[str, Any] = {}
        lengths = set()
        for name, values in series.items():
            values = v.as_array(values, name, ndim=1, allow_empty=True, allow_nan=True)
            self._series[name] = [float(x) for x in values]
            lengths.add(len(values))
        if len(lengths) > 1:
            raise ValueError(
                f"Every series of a History needs the same length; got lengths {sorted(lengths)} "
                f"for {sorted(series)}."
            )

    # -- adding
    def record(self, **values: float) -> None:
        """Add one record, e.g. ``history.record(loss=0.31, accuracy=0.9)``.

        A name seen before but missing now is recorded as NaN, so every series
        keeps the same length.
        """
        if not values:
            raise ValueError("record() needs at least one named value, e.g. record(loss=0.3).")
        n = len(self)
        for name, value in values.items():
            number = v.as_number(value, name, allow_nan=True)
            if name not in self._series:
                self._series[name] = [float("nan")] * n
            self._series[name].append(number)
        for name, series in self._series.items():
            if name not in values:
                series.append(float("nan"))

    def extend(self, other: Mapping[str, Any]) -> None:
        """Append every record of ``other`` (a History or a dict of lists)."""
        if not isinstance(other, Mapping):
            raise TypeError(f"extend() takes a History or a dict of lists, not {type(other).__name__}.")
        lengths = {len(list(values)) for values in other.values()}
        if len(lengths) > 1:
            raise ValueError(f"The series to add have different lengths {sorted(lengths)}.")
        for i in range(lengths.pop() if lengths else 0):
            self.record(**{name: list(values)[i] for name, values in other.items()})

    # -- reading
    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._series:
            known = ", ".join(self._series) or "none yet"
            raise KeyError(f"This history has no series {name!r}; it has: {known}.")
        return np.asarray(self._series[name], dtype=float)

    def __iter__(self) -> Iterator[str]:
        return iter(self._series)

    def __len__(self) -> int:
        """The number of records (epochs or steps)."""
        return max((len(s) for s in self._series.values()), default=0)

    @property
    def num_records(self) -> int:
        return len(self)

    @property
    def epochs(self) -> np.ndarray:
        """1, 2, ..., len(history): the x axis of a training curve."""
        return np.arange(1, len(self) + 1)

    def last(self, name: str) -> float:
        """The most recent value of ``name``."""
        series = self[v.as_str(name, "name")]
        if series.size == 0:
            raise ValueError(f"The series {name!r} has no values yet.")
        return float(series[-1])

    def best(self, name: str, *, mode: str = "min") -> int:
        """The 1-based record (epoch) where ``name`` was lowest (``mode="min"``) or highest."""
        mode = v.choice(mode, "mode", ("min", "max"))
        series = self[v.as_str(name, "name")]
        if series.size == 0 or np.all(np.isnan(series)):
            raise ValueError(f"The series {name!r} has no values yet.")
        index = np.nanargmin(series) if mode == "min" else np.nanargmax(series)
        return int(index) + 1

    def as_dict(self) -> dict[str, list[float]]:
        """A plain dict of lists (what Keras' ``history.history`` is)."""
        return {name: list(series) for name, series in self._series.items()}

    def to_frame(self):
        """A pandas DataFrame, one row per record, indexed by epoch."""
        import pandas as pd

        frame = pd.DataFrame(self.as_dict(), index=self.epochs)
        frame.index.name = "epoch"
        return frame

    @classmethod
    def from_keras(cls, keras_history: Any) -> History:
        """Convert what ``model.fit`` returns (or its ``.history`` dict)."""
        data = getattr(keras_history, "history", keras_history)
        if not isinstance(data, Mapping):
            raise TypeError(
                "from_keras() takes what model.fit returned (a keras History) or its .history dict, "
                f"not {type(keras_history).__name__}."
            )
        return cls(**{name: list(values) for name, values in data.items()})

    def __repr__(self) -> str:
        names = ", ".join(self._series) or "empty"
        return f"History({len(self)} records: {names})"
