"""Reads of the simulations layer, each at a fixed number of queries."""
