"""Demo data and `aftersales demo` / `aftersales setup`: the one app that may import every domain app to fill them.

Kept out of `aftersales.core` so core depends on no domain app (see .importlinter).
"""
