"""Bad input through the real CLI: one `Error: FILE: reason` line each, no traceback, the rest of the
batch goes on, exit status 1 when anything failed (2 for usage errors)."""

import codecs
import io
import json
import os

import pytest

from cli_helpers import DATE, GAO, VILLAGE, invoke
from ledger.errors import InputError
from ledger.ingest import read_input


def errors_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def sources(runner) -> list[str]:
    incidents = json.loads(invoke(runner, "export").stdout)
    return sorted(s["file"] for i in incidents for s in i["sources"])


def test_every_kind_of_bad_file_in_one_batch(runner, article, tmp_path):
    bad = {
        "nul.txt": b"Twelve soldiers\x00 were killed",
        "blank.txt": b" \n\t \n",
        "empty.txt": b"",
        "utf16-broken.txt": codecs.BOM_UTF16_LE + b"\x00\xd8",  # a lone surrogate half
    }
    paths = [article(name, data) for name, data in bad.items()]
    good = article("gao.txt", GAO)
    result = invoke(runner, "ingest", *paths, tmp_path / "gone.txt", good, *DATE)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert errors_of(result) == [
        f"Error: {paths[0]}: binary file (contains NUL bytes)",
        f"Error: {paths[1]}: empty file (only whitespace)",
        f"Error: {paths[2]}: empty file",
        f"Error: {paths[3]}: not valid utf-16 text despite its byte-order mark (unexpected end of data)",
        f"Error: {tmp_path / 'gone.txt'}: no such file or directory",
    ]
    assert result.stderr.splitlines()[-1] == "ingested 1 article, 1 incident (1 new, 0 merged); 5 failed"
    assert sources(runner) == ["gao.txt"]


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF8 + GAO.encode("utf-8"), None),
        (GAO.replace("Gao", "Gaó").encode("utf-16"), "read as UTF-16 (it starts with its byte-order mark)"),
        (GAO.replace("Ambush", "Ambush – “Gao”").encode("cp1252"), "not valid UTF-8 (byte 0x96 at offset 7); read as Windows-1252"),
        (GAO.replace("Ambush", "Café ambush").encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3); read as Windows-1252"),
    ],
)
def test_other_encodings_are_read_and_named(runner, article, data, encoding):
    result = invoke(runner, "ingest", article("gao.txt", data), *DATE)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    if encoding:
        assert len(warnings) == 1 and encoding in warnings[0]
    else:
        assert warnings == []
    [incident] = json.loads(invoke(runner, "export").stdout)
    assert incident["killed_low"] == 12


def test_undecodable_bytes_are_reported_with_their_offset(runner, article):
    result = invoke(runner, "ingest", article("bad.txt", b"Twelve soldiers \x81\x8d were killed"), *DATE)
    assert result.exit_code == 1
    assert errors_of(result)[0].endswith("bad.txt: not valid UTF-8 or Windows-1252 text (byte 0x81 at offset 16)")


def test_a_folder_recurses_and_names_what_it_skips(runner, article, tmp_path):
    (tmp_path / "news" / "2024").mkdir(parents=True)
    article("news/2024/gao.txt", GAO)
    article("news/village.md", VILLAGE)
    article("news/photo.jpg", b"\xff\xd8\xff\xe0")
    article("news/2024/notes.docx", b"PK\x03\x04")
    result = invoke(runner, "ingest", tmp_path / "news", *DATE)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / 'news'}: note: skipped 2 files not named .txt, .md, .html or .htm: 2024/notes.docx, photo.jpg"
    )
    assert sources(runner) == ["gao.txt", "village.md"]


def test_a_folder_without_text_files_fails(runner, tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"\x89PNG")
    result = invoke(runner, "ingest", tmp_path / "pics", *DATE)
    assert result.exit_code == 1
    assert errors_of(result) == [f"Error: {tmp_path / 'pics'}: folder holds no .txt, .md, .html or .htm files"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_named(runner, article):
    locked = article("locked.txt", GAO)
    os.chmod(locked, 0)
    good = article("village.txt", VILLAGE)
    result = invoke(runner, "ingest", locked, good, *DATE)
    assert result.exit_code == 1
    assert errors_of(result) == [f"Error: {locked}: permission denied"]
    assert sources(runner) == ["village.txt"]


def test_a_read_error_becomes_an_input_error(monkeypatch, article):
    # The same path as the test above, for when the suite runs as root (chmod does not stop root).
    path = article("locked.txt", GAO)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(InputError, match="permission denied"):
        read_input(path)


def test_a_huge_file_is_refused_and_the_batch_goes_on(runner, article, tmp_path):
    huge = tmp_path / "dump.txt"
    with open(huge, "wb") as f:  # sparse: 100 MB on paper, nothing on disk
        f.truncate(100_000_000)
    good = article("gao.txt", GAO)
    result = invoke(runner, "ingest", huge, good, *DATE)
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"Error: {huge}: too large (100,000,000 bytes, over the limit of 64,000,000 bytes; "
        "raise it with --max-bytes)"
    ]
    assert sources(runner) == ["gao.txt"]


def test_max_bytes_lowers_and_raises_the_limit(runner, article):
    path = article("gao.txt", GAO)
    small = invoke(runner, "ingest", path, *DATE, "--max-bytes", "20")
    assert small.exit_code == 1
    assert f"too large ({len(GAO)} bytes, over the limit of 20 bytes" in small.stderr
    assert invoke(runner, "ingest", path, *DATE, "--max-bytes", "1kB").exit_code == 0
    assert invoke(runner, "ingest", path, *DATE, "--max-bytes", "0", "--force").exit_code == 0


def test_stdin_is_capped_without_reading_it_all():
    stream = io.BytesIO(b"x" * 1000)
    with pytest.raises(InputError, match="too large \\(over the limit of 100 bytes"):
        read_input("-", stream, max_bytes=100)
    assert stream.tell() == 101


@pytest.mark.parametrize("bad", ["lots", "-5", "5 parsecs", "1.5MB", ""])
def test_a_malformed_max_bytes_is_a_usage_error(runner, article, bad):
    result = invoke(runner, "ingest", article("gao.txt", GAO), *DATE, "--max-bytes", bad)
    assert result.exit_code == 2
    assert "expected a size in bytes such as 20000000, 500kB or 50MB" in result.stderr
