"""双随机一公开: the two pools, 抽查计划 and their verifiable draw, 检查记录, public results and the verifier.

``drawing.py`` and ``verify.py`` use the standard library only, so the draw can be checked without the portal.
"""
