"""wcocb.files: what an upload is comes from its bytes; each refusal says why."""

import pytest
from django.core.exceptions import ValidationError

from tests import samples
from wcocb import files


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("tool.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "a program"),
        ("run.pdf", b"#!/bin/sh\nrm -rf /\n", "a script"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "old-format Office"),
        ("page.pdf", b"\n  <HTML><body>hello</body></HTML>", "web page"),
        ("drawing.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        ("archive.docx", samples._zip({"a.txt": b"a"}), "not an allowed document"),
    ],
)
def test_refusals_say_what_the_content_is(name, content, reason):
    with pytest.raises(ValidationError) as exc:
        files.check_upload(samples.upload(name, content))
    assert reason in " ".join(exc.value.messages)


def test_size_is_checked_first_and_kinds_can_be_narrowed():
    with pytest.raises(ValidationError, match="files up to"):
        files.check_upload(samples.upload("big.pdf", samples.PDF), max_bytes=10)
    assert files.check_upload(samples.upload("photo.JPEG", samples.genuine()["photo.jpg"])) == "jpeg"
    with pytest.raises(ValidationError, match="not an allowed document"):
        files.check_upload(samples.upload("terms.pdf", samples.PDF), allowed=("png", "jpeg"))


def test_sniff_leaves_the_file_at_its_start():
    upload = samples.upload("notes.odt", samples.genuine()["notes.odt"])
    assert files.sniff(upload) == "odt"
    assert upload.tell() == 0
