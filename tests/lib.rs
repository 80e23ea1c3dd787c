//! Shared helpers for the avp integration tests.
