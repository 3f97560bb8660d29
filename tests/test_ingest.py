import codecs
import io

import pytest

from ledger.errors import InputError
from ledger.ingest import decode, expand_paths, read_input

TEXT = "Seven soldiers were killed near Ségou.\n"


@pytest.mark.parametrize(
    "data, encoding, said",
    [
        (TEXT.encode("utf-8"), "utf-8", []),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", []),
        (TEXT.encode("utf-16"), "utf-16", ["read as UTF-16 (it starts with its byte-order mark)"]),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", ["read as UTF-16 (it starts with its byte-order mark)"]),
        (TEXT.encode("utf-32"), "utf-32", ["read as UTF-32 (it starts with its byte-order mark)"]),
    ],
)
def test_decodes_utf_flavours(data, encoding, said):
    decoded = decode(data, "a.txt")
    assert (decoded.text, decoded.encoding, decoded.warnings) == (TEXT, encoding, said)


def test_windows_1252_is_read_with_a_warning():
    decoded = decode("Ségou – “quoted”\n".encode("cp1252"), "a.txt")
    assert decoded.text == "Ségou – “quoted”\n"
    assert decoded.encoding == "cp1252"
    assert "read as Windows-1252" in decoded.warnings[0]


def test_line_endings_are_normalised():
    assert decode(b"one\r\ntwo\rthree\n", "a.txt").text == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"text\x00with a NUL", "binary"),
        (bytes(range(1, 32)) * 10 + b"abc", "binary"),
        (b"\x81\x8d\x8f\x90", "not valid UTF-8 or Windows-1252"),
    ],
)
def test_bad_inputs_raise_input_error(data, reason):
    with pytest.raises(InputError, match=reason) as info:
        decode(data, "bad.txt")
    assert info.value.path == "bad.txt"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "nope.txt"))


def test_stdin():
    assert read_input("-", io.BytesIO(TEXT.encode())).text == TEXT


def test_folders_expand_to_their_text_files_sorted(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    for name in ("d/b.txt", "d/a.md", "d/sub/c.TXT", "d/skip.json"):
        (tmp_path / name).write_text("x")
    (tmp_path / "empty").mkdir()
    items = list(expand_paths([str(tmp_path / "d"), "-", str(tmp_path / "empty")]))
    names = [i if isinstance(i, str) else getattr(i, "reason", None) or i.text for i in items]
    assert [n.replace(str(tmp_path) + "/", "") for n in names] == [
        "skipped 1 file not named .txt, .md, .html or .htm: skip.json",
        "d/a.md", "d/b.txt", "d/sub/c.TXT", "-", "folder holds no .txt, .md, .html or .htm files",
    ]  # fmt: skip
