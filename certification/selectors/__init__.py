"""Reads of the certification layer, one module per sub-domain."""
