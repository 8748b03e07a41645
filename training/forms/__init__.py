"""Input validation of the training layer, one module per sub-domain."""
