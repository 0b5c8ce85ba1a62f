"""The staff side: accounts and sign-in (``accounts``), drafting (``drafting``), the four-level review with
publication, correction and withdrawal (``review``), signed documents (``attachments``), the pages
(``routes``, ``users``), their forms (``forms``) and the ``users`` command-line verbs (``cli``)."""
