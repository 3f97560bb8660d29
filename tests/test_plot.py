"""`ledger plot -o FILE.png|FILE.svg` (ledger/plot.py): the report's bars as an image, read back."""

import struct
import sys
import xml.etree.ElementTree as ET

from cli_helpers import DATE, GAO, VILLAGE, invoke

from ledger.plot import plot_report

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()  # fails unless the file is well-formed XML
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def ingest_two(runner, article):
    result = invoke(runner, "ingest", article("gao.txt", GAO), article("village.txt", VILLAGE), *DATE)
    assert result.exit_code == 0, result.output


def test_plot_png(runner, article, tmp_path):
    ingest_two(runner, article)
    result = invoke(runner, "plot", "--by", "country", "--per", "year", "-o", tmp_path / "losses.png")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote {tmp_path / 'losses.png'} (2 bars)"
    data = (tmp_path / "losses.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (900, 675)  # 6 x 4.5 inches at 150 dpi


def test_plot_svg_has_title_axes_legend_and_figures(runner, article, tmp_path):
    ingest_two(runner, article)
    result = invoke(
        runner, "plot", "--by", "country", "-o", tmp_path / "losses.svg", "--title", "Two attacks"
    )
    assert result.exit_code == 0, result.output
    texts = svg_texts(tmp_path / "losses.svg")
    for expected in ("Two attacks", "BFA", "MLI", "30", "12", "country", "killed, low", "up to the high"):
        assert expected in texts


def test_ranges_and_open_bounds_are_labelled(tmp_path):
    rows = [
        {"group": "russia", "period": "2024", "killed_low": 70, "killed_high": 80},
        {"group": "west", "period": "2024", "killed_low": 7, "killed_high": None},
        {"group": "west", "period": "2023", "killed_low": 3, "killed_high": 3},
    ]
    plot_report(rows, tmp_path / "p.svg", "Losses", "2023–2024", xlabel="year")
    texts = svg_texts(tmp_path / "p.svg")
    for expected in ("Losses", "2023–2024", "70–80", "7+", "3", "russia", "west", "2023", "2024", "year"):
        assert expected in texts


def test_the_same_plot_gives_the_same_svg(tmp_path):
    rows = [{"group": "west", "killed_low": 5, "killed_high": 9}]
    plot_report(rows, tmp_path / "a.svg", "T")
    plot_report(rows, tmp_path / "b.svg", "T")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_plot_needs_a_png_or_svg_name(runner, article, tmp_path):
    ingest_two(runner, article)
    result = invoke(runner, "plot", "-o", tmp_path / "losses.jpg")
    assert result.exit_code == 2
    assert "must end in .png or .svg" in result.stderr
    assert invoke(runner, "plot").exit_code == 2  # --output is required


def test_plot_without_matplotlib_says_which_extra(runner, article, tmp_path, monkeypatch):
    ingest_two(runner, article)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = invoke(runner, "plot", "-o", tmp_path / "losses.png")
    assert result.exit_code == 1
    assert result.stderr == "Error: plotting needs the plot extra: pip install 'ledger[plot]'\n"
    assert not (tmp_path / "losses.png").exists()


def test_plot_into_a_missing_folder_is_an_error(runner, article, tmp_path):
    ingest_two(runner, article)
    result = invoke(runner, "plot", "-o", tmp_path / "nowhere" / "losses.png")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no such file or directory" in result.stderr
