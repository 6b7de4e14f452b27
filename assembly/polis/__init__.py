"""pol.is at the edge: read its CSV exports and API dumps, write its CSV export format.

Everything pol.is-specific (its names ``tid`` / ``pid`` / ``comment``, its vote sign) stays in this
package; what comes out is a neutral :class:`~assembly.dataset.Dataset`.

- :func:`read_export`: any supported source, recognised automatically.
- :func:`read_csv_export`, :func:`read_api_json`: one source each.
- :func:`write_csv_export`: the pol.is CSV set (plus ``themes.csv`` when statements have themes).
- :func:`check_vote_sign`: the author rule that tells whether a file's agree / disagree are swapped.
- :func:`neutralise_text`, :func:`restore_text`: spreadsheet-formula protection of text cells, for
  any CSV Assembly writes (and its undoing on reading).
"""

from assembly.polis._tables import neutralise_text, restore_text
from assembly.polis.api_json import read_api_json
from assembly.polis.autodetect import read_export
from assembly.polis.csv_reader import read_csv_export
from assembly.polis.csv_writer import write_csv_export
from assembly.polis.sign import (
    POLIS_API_AGREE,
    POLIS_CSV_AGREE,
    PolisSignWarning,
    SignCheck,
    check_vote_sign,
)

__all__ = [
    "POLIS_API_AGREE",
    "POLIS_CSV_AGREE",
    "PolisSignWarning",
    "SignCheck",
    "check_vote_sign",
    "neutralise_text",
    "read_api_json",
    "read_csv_export",
    "read_export",
    "restore_text",
    "write_csv_export",
]
