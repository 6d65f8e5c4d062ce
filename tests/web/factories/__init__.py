"""Small records for tests, one module per domain app (registry, contribution, investments,
production, ledger, fund), each building only what its test asks for, with sensible defaults.

A test that needs a user of a desk, a file, a line or a call builds it here (a few queries);
a test that needs the demo's whole story asks for the `demo` fixture (tests/web/conftest.py,
loaded once per module). Defaults are fictitious and dated in 2025, before TEST_DAY.
"""
