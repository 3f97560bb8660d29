"""Articles whose figures are plain ("N soldiers were killed") so that tests hold for any extractor."""

from ledger.cli import app

GAO = "Ambush near Gao\n12 soldiers were killed on Monday in an ambush near Gao, Mali.\n"
VILLAGE = (
    "Attack on a village\n30 civilians were killed on Sunday in an attack on a village in Burkina Faso.\n"
)
DATE = ["--date", "2024-11-22"]


def invoke(runner, *args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)
