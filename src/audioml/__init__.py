"""audioml: the tested reference code behind an executable field guide to audio for ML.

Every figure, sound and number on the site comes from this package. Modules hold one
concept each; see the API reference on the site for the full list.
"""

from __future__ import annotations

from .errors import ParameterError

__all__ = ["ParameterError", "__version__"]
__version__ = "0.1.0"
