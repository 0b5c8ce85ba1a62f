"""行政处罚决定: the life of a decision (``lifecycle``), its publicity period (``publicity``), its public shape
(``public``, masked by construction), what the public may see and find (``disclosure``), pages, feeds and API
(``routes``, ``feeds``, ``api``), statistics (``stats``), the credit-platform outbox (``credit``), the import and
seed loaders (``importer``, ``seed``) and the command-line verbs (``cli``)."""
