"""Property-based fuzzing of the whole REST API from its OpenAPI schema (schemathesis): no input,
however odd, may produce a server error, and responses must have the declared content type."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests import factories

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_no_api_input_causes_a_server_error(live_server, tmp_path):
    user = factories.SecretariatFactory(username="fuzzer")
    token = Token.objects.create(user=user)
    factories.PersonFactory.create_batch(3)
    report = tmp_path / "junit.xml"
    result = subprocess.run(  # noqa: S603
        [
            str(SCHEMATHESIS), "run", f"{live_server.url}/api/schema/",
            "--checks", "not_a_server_error,content_type_conformance",
            "--header", f"Authorization: Token {token.key}",
            "--max-examples", os.environ.get("FUZZ_EXAMPLES", "15"),
            "--max-time", os.environ.get("FUZZ_SECONDS", "60"),
            "--workers", "1",
            "--seed", "20261122",
            "--report", "junit", "--report-junit-path", str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    output = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, output
    tested = re.search(r"Tested:\s+(\d+)", result.stdout)
    assert tested, output
    assert int(tested.group(1)) >= 40, output  # every operation of the schema was exercised
