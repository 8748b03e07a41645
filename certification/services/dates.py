"""The certification dates, for services/sweep.py, which still imports them from
here; everything else imports ``certification.dates`` (pure, no services)."""

from certification.dates import status_on

__all__ = ["status_on"]
