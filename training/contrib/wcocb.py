"""What the training app plugs into the project package: the e-learning completions import spec."""

from training.importing import SPEC
from wcocb.importing import specs as import_specs

import_specs.add(SPEC)
