"""The credit-information format and its transports (plain Python; never imports Flask or portal)."""
