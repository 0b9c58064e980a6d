"""Snippet Lens: on-device insight into selected code, served over the Language Server Protocol."""

__version__ = "0.1.0"
