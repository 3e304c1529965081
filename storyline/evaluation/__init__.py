"""Evaluation: how well storyline's stages do on public research data.

These modules measure; nothing in the pipeline imports them. The data they read
(``../shared/data``) is for research evaluation only and never ships with the package.
"""
