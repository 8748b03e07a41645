"""State changes of the training layer, one module per sub-domain."""
