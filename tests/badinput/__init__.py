"""Property-based bad-input suite (issue 21): one file per actbook module, every public name has a case."""
