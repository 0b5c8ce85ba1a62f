"""The 权责清单 (power and responsibility list): items and their versions (``items``), the public pages
(``routes``, blueprint ``public``, which also serves the home page), the JSON resources (``api``) and the
query-string schema (``schemas``). Searching itself is the shared ``portal.search``."""
