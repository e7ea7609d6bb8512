"""What the reports app plugs into the project package: the historic missions import (the import engine)."""

from reports.importing.history import SPEC
from wcocb.importing import specs as import_specs

import_specs.add(SPEC)
