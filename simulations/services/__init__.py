"""State changes of the simulations layer, one module per sub-domain: the case
library (cases), running a session (roundtables) and its plan (plans)."""
