"""Menu entries and home-inbox providers of the experts app (registered from AppConfig.ready)."""
