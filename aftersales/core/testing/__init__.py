"""Test support shared by the apps' test suites (pytest plugins registered in the root conftest)."""
