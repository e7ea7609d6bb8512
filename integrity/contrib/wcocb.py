"""What the integrity app plugs into the project package's stores."""

from integrity import services
from wcocb import registry

registry.administration_moved.add(services.administration_moved)
registry.history_read.add(services.history_read)
