"""The site's MkDocs hooks (listed by path under `hooks:` in mkdocs.yml).

Tests import them as a package (`from hooks import links`): pytest puts docs/ on the path.
"""
